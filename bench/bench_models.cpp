// Per-fragment cost of the simulator and the models (one core).
//   Circuit/*: circuit value (also without fused runs), value + all first derivatives
//              (adjoint), and value + first + mixed derivatives along one input direction
//              (forward-over-adjoint).
//   Fragment/*: energy + Cartesian forces of a whole fragment (inputs, frame, chain rule).
//   Shipped/*:  the same for the potential files in potentials/ (what MD pays per fragment).
#include <benchmark/benchmark.h>

#include <random>

#include "io/potential_file.h"
#include "models/builders.h"
#include "models/fragment_evaluator.h"

using namespace qmlff;

namespace {

struct Setup {
  FragmentModel model;
  std::vector<Vec3> x;
};

// A near-equilibrium geometry of the fragment with n atoms in model order (LiH, H2O, NH3, dimer).
std::vector<Vec3> geometry(std::size_t n_atoms) {
  switch (n_atoms) {
    case 2: return {{0, 0, 0}, {1.6, 0.1, -0.2}};
    case 3: return {{0, 0, 0}, {0.76, 0.59, 0.0}, {-0.76, 0.59, 0.05}};
    case 4: return {{0, 0, 0}, {0.94, 0, -0.38}, {-0.47, 0.81, -0.38}, {-0.47, -0.81, -0.38}};
    default:
      return {{-1.45, 0, 0.1}, {-0.5, 0.1, 0}, {-1.75, 0.9, 0}, {1.45, 0, -0.05}, {1.8, 0.5, 0.75}, {1.8, 0.5, -0.75}};
  }
}

Setup make(const std::string& kind, int depth, int blocks, bool sb, const std::string& encoding = "su2") {
  BuilderOptions o;
  o.encoding = encoding;
  o.depth = depth;
  o.blocks = blocks;
  o.symmetry_breaking = sb;
  Setup s{build_model(kind, o), {}};
  std::mt19937 rng(1);
  std::uniform_real_distribution<double> d(-0.5, 0.5);
  for (std::size_t i = 0; i < s.model.parameters.size(); ++i) s.model.parameters[i] = i == 0 ? 1.0 : d(rng);
  s.x = geometry(static_cast<std::size_t>(s.model.n_atoms()));
  return s;
}

void circuit_bench(benchmark::State& st, const std::string& kind, int depth, int blocks, bool sb, int mode) {
  Setup s = make(kind, depth, blocks, sb);
  EvaluatorOptions options;
  options.fuse = mode != 4;  // mode 4: the value gate by gate (what the derivative sweeps walk)
  CircuitEvaluator ev(s.model.circuit, options);
  FragmentEvaluator fe(s.model);
  const std::vector<Vec3> u = fe.inputs(s.x.data());
  std::vector<double> dth(s.model.circuit.n_params), ddth(dth.size());
  std::vector<Vec3> du(u.size()), w(u.size(), Vec3{0.3, -0.2, 0.1});
  double dir = 0;
  for (auto _ : st) {
    double v = 0;
    if (mode == 0 || mode == 4) v = ev.value(s.model.parameters.data(), u.data());
    if (mode == 1) v = ev.gradient(s.model.parameters.data(), u.data(), nullptr, du.data());
    if (mode == 2) v = ev.gradient(s.model.parameters.data(), u.data(), dth.data(), du.data());
    if (mode == 3) v = ev.mixed(s.model.parameters.data(), u.data(), w.data(), dth.data(), du.data(), &dir, ddth.data());
    benchmark::DoNotOptimize(v);
  }
  st.counters["gates"] = static_cast<double>(s.model.circuit.gates.size());
}

void fragment_bench(benchmark::State& st, const std::string& kind, int depth, int blocks, bool sb,
                    const std::string& encoding = "su2") {
  Setup s = make(kind, depth, blocks, sb, encoding);
  FragmentEvaluator fe(s.model);
  std::vector<Vec3> f(s.x.size());
  for (auto _ : st) benchmark::DoNotOptimize(fe.energy_forces(s.x.data(), f.data()));
}

void shipped_bench(benchmark::State& st, const std::string& file) {
  const FragmentModel model = load_potential_file(std::string(QMLFF_SOURCE_DIR) + "/potentials/" + file);
  const std::vector<Vec3> x = geometry(static_cast<std::size_t>(model.n_atoms()));
  FragmentEvaluator fe(model);
  std::vector<Vec3> f(x.size());
  for (auto _ : st) benchmark::DoNotOptimize(fe.energy_forces(x.data(), f.data()));
}

}  // namespace

// mode: 0 value, 1 value + input gradient, 2 value + all first derivatives, 3 + mixed,
// 4 value without fused runs
BENCHMARK_CAPTURE(circuit_bench, H2O_D11_B2_value, "sivqlm_ab2", 11, 2, true, 0);
BENCHMARK_CAPTURE(circuit_bench, H2O_D11_B2_value_unfused, "sivqlm_ab2", 11, 2, true, 4);
BENCHMARK_CAPTURE(circuit_bench, H2O_D11_B2_input_grad, "sivqlm_ab2", 11, 2, true, 1);
BENCHMARK_CAPTURE(circuit_bench, H2O_D11_B2_all_first, "sivqlm_ab2", 11, 2, true, 2);
BENCHMARK_CAPTURE(circuit_bench, H2O_D11_B2_first_and_mixed, "sivqlm_ab2", 11, 2, true, 3);
BENCHMARK_CAPTURE(circuit_bench, Dimer_D30_value, "sivqlm_ab2_dimer", 30, 1, true, 0);
BENCHMARK_CAPTURE(circuit_bench, Dimer_D30_value_unfused, "sivqlm_ab2_dimer", 30, 1, true, 4);
BENCHMARK_CAPTURE(circuit_bench, Dimer_D30_input_grad, "sivqlm_ab2_dimer", 30, 1, true, 1);
BENCHMARK_CAPTURE(circuit_bench, Dimer_D30_all_first, "sivqlm_ab2_dimer", 30, 1, true, 2);
BENCHMARK_CAPTURE(circuit_bench, Dimer_D30_first_and_mixed, "sivqlm_ab2_dimer", 30, 1, true, 3);

BENCHMARK_CAPTURE(fragment_bench, LiH_D22_B1, "sivqlm_ab", 22, 1, false);
BENCHMARK_CAPTURE(fragment_bench, LiH_D22_B1_bond_encoding, "sivqlm_ab", 22, 1, false, "bond");
BENCHMARK_CAPTURE(fragment_bench, H2O_D11_B2_SB, "sivqlm_ab2", 11, 2, true);
BENCHMARK_CAPTURE(fragment_bench, NH3_D8_B2, "sivqlm_ab3", 8, 2, false);
BENCHMARK_CAPTURE(fragment_bench, Dimer_D30, "sivqlm_ab2_dimer", 30, 1, false);

BENCHMARK_CAPTURE(shipped_bench, lih, "lih.json");
BENCHMARK_CAPTURE(shipped_bench, h2o, "h2o.json");
BENCHMARK_CAPTURE(shipped_bench, nh3, "nh3.json");
BENCHMARK_CAPTURE(shipped_bench, graph_lih, "graph_lih.json");
BENCHMARK_CAPTURE(shipped_bench, graph_nh3, "graph_nh3.json");
BENCHMARK_CAPTURE(shipped_bench, water_dimer_interaction, "water_dimer_interaction.json");
