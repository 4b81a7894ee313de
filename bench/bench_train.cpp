// Trainer speed on the paper-size H2O problem (473 frames, D=11, B=2 with SB): one full-batch
// loss + gradient evaluation (= one Adam step) for the energy loss and for energy + forces,
// on 2 threads (the default). Geometries: water with random distortions (0.08 Å), labels
// from a random model, so the numbers do not depend on the dataset files.
// Extrapolated 3000-step times = 3000 x the per-step time (issue 5 targets: <= 30 s energy
// only, <= 5 min with forces).
#include <benchmark/benchmark.h>

#include <random>

#include "models/builders.h"
#include "models/fragment_evaluator.h"
#include "train/loss.h"
#include "train/optimizer.h"

using namespace qmlff;
using namespace qmlff::train;

namespace {

struct Problem {
  FragmentModel model;
  std::vector<TrainFrame> frames;
  std::vector<int> idx;
};

const Problem& h2o_problem() {
  static const Problem p = [] {
    Problem q;
    q.model = build_model("sivqlm_ab2", default_builder_options("sivqlm_ab2"));
    q.model.scale = 0.5;
    q.model.offset = -2080.0;
    std::mt19937 rng(1);
    std::normal_distribution<double> d(0.0, 0.08);
    FragmentModel teacher = q.model;
    for (double& t : teacher.parameters) t += d(rng);
    FragmentEvaluator ev(teacher);
    for (int i = 0; i < 473; ++i) {
      TrainFrame f;
      f.positions = {Vec3{d(rng), d(rng), 0.117 + d(rng)}, Vec3{d(rng), 0.757 + d(rng), -0.469 + d(rng)},
                     Vec3{d(rng), -0.757 + d(rng), -0.469 + d(rng)}};
      f.forces.resize(3);
      f.energy = ev.energy_forces(f.positions.data(), f.forces.data());
      q.frames.push_back(f);
      q.idx.push_back(i);
    }
    return q;
  }();
  return p;
}

void run(benchmark::State& state, double force_weight) {
  const Problem& p = h2o_problem();
  const int threads = static_cast<int>(state.range(0));
  LossEvaluator ev(p.model, threads);
  std::vector<double> theta = p.model.parameters;
  OptimizerConfig oc;
  AdamState adam;
  for (auto _ : state) {
    const LossValue lv = ev.evaluate(theta, p.frames, p.idx, force_weight, true);
    adam_update(oc, 1e-3, lv.grad, adam, theta);
    benchmark::DoNotOptimize(theta.data());
  }
  state.counters["frames"] = static_cast<double>(p.frames.size());
  state.counters["params"] = static_cast<double>(theta.size());
}

void BM_AdamStep_H2O_Energy(benchmark::State& s) { run(s, 0.0); }
void BM_AdamStep_H2O_EnergyForces(benchmark::State& s) { run(s, 1.0); }

}  // namespace

BENCHMARK(BM_AdamStep_H2O_Energy)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AdamStep_H2O_EnergyForces)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
