// Per-atom cost of the atom-centred model (issue 19 target: <= 25 us per atom with 8
// neighbours, energy + forces, one core), against the neighbour count.
//   Atom/energy_forces/N: AtomicEvaluator::atom() with dE/dd for N neighbours (what the
//                         pair style pays per owned atom)
//   Atom/energy/N:        the energy alone
//   Shipped/water_atomic/N: the same for potentials/water_atomic.json (depth 8), if present
//   Assembler/water_box:  AtomicAssembler over a periodic box of 64 waters at liquid
//                         density with ghost images and the binned full list, per atom
//                         (neighbour filtering, grouping and scatter included)
// The model: 4 vector + 2 scalar channels, depth 4, 8 Gaussians, cutoff 5 A, H/O,
// random parameters.
#include <benchmark/benchmark.h>

#include <cmath>
#include <fstream>
#include <string>
#include <random>
#include <vector>

#include "interface/atomic_assembler.h"
#include "interface/full_neighbour_list.h"
#include "io/atomic_potential_file.h"
#include "models/atomic_builder.h"
#include "models/atomic_evaluator.h"

using namespace qmlff;

namespace {

AtomicModel typical_model() {
  AtomicBuilderOptions o;
  o.species = {"H", "O"};
  o.basis.n = 8;
  o.basis.r_min = 0.7;
  o.basis.cutoff = 5.0;
  o.basis.width = 0.5;
  o.vector_channels = 4;
  o.scalar_channels = 2;
  o.layers = 4;
  AtomicModel m = build_atomic_model(o);
  std::mt19937 rng(1);
  std::normal_distribution<double> nd(0.0, 0.5);
  for (double& p : m.parameters) p += nd(rng);
  return m;
}

std::vector<AtomicNeighbour> neighbours(int n) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1, 1), r(0.9, 4.8);
  std::vector<AtomicNeighbour> nb(n);
  for (int j = 0; j < n; ++j) {
    Vec3 v{u(rng), u(rng), u(rng)};
    const double len = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) + 1e-12;
    const double d = r(rng);
    nb[j].species = j % 3 == 0 ? 1 : 0;
    for (int c = 0; c < 3; ++c) nb[j].d[c] = v[c] / len * d;
  }
  return nb;
}

void atom_bench(benchmark::State& st, bool forces) {
  const int n = static_cast<int>(st.range(0));
  AtomicEvaluator ev(typical_model());
  const auto nb = neighbours(n);
  std::vector<Vec3> g(n);
  for (auto _ : st) benchmark::DoNotOptimize(ev.atom(1, nb.data(), n, forces ? g.data() : nullptr));
  st.counters["neighbours"] = n;
}
void BM_AtomEnergyForces(benchmark::State& st) { atom_bench(st, true); }
void BM_AtomEnergy(benchmark::State& st) { atom_bench(st, false); }
BENCHMARK(BM_AtomEnergyForces)->Name("Atom/energy_forces")->Arg(4)->Arg(8)->Arg(16)->Arg(30)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AtomEnergy)->Name("Atom/energy")->Arg(4)->Arg(8)->Arg(16)->Arg(30)->Unit(benchmark::kMicrosecond);

void BM_ShippedEnergyForces(benchmark::State& st) {
  const std::string path = std::string(QMLFF_SOURCE_DIR) + "/potentials/water_atomic.json";
  if (!std::ifstream(path)) {
    st.SkipWithError("potentials/water_atomic.json not present");
    return;
  }
  AtomicEvaluator ev(load_atomic_potential_file(path));
  const int n = static_cast<int>(st.range(0));
  const auto nb = neighbours(n);
  std::vector<Vec3> g(n);
  for (auto _ : st) benchmark::DoNotOptimize(ev.atom(1, nb.data(), n, g.data()));
  st.counters["neighbours"] = n;
}
BENCHMARK(BM_ShippedEnergyForces)->Name("Shipped/water_atomic")->Arg(8)->Arg(30)->Unit(benchmark::kMicrosecond);

// 64 waters (random orientations on a 4x4x4 lattice) in a 12.4 A box, with every image
// within 5 A + 1 A skin as ghosts, as one LAMMPS rank would see them.
void BM_AssemblerWaterBox(benchmark::State& st) {
  const AtomicModel model = typical_model();
  const double L = 12.42, reach = model.cutoff() + 1.0;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> x;
  std::vector<int> sp;
  const double a = 104.52 * M_PI / 180.0;
  const Vec3 geom[3] = {{0, 0, 0}, {0.9572, 0, 0}, {0.9572 * std::cos(a), 0.9572 * std::sin(a), 0}};
  for (int m = 0; m < 64; ++m) {
    const double c[3] = {(m % 4 + 0.5) * L / 4, (m / 4 % 4 + 0.5) * L / 4, (m / 16 + 0.5) * L / 4};
    const double t = 2 * M_PI * u(rng), p = M_PI * u(rng);
    for (int at = 0; at < 3; ++at) {
      // rotate the molecule about z by t, then about x by p
      const double x0 = geom[at][0] * std::cos(t) - geom[at][1] * std::sin(t);
      const double y0 = geom[at][0] * std::sin(t) + geom[at][1] * std::cos(t);
      x.insert(x.end(), {c[0] + x0, c[1] + y0 * std::cos(p), c[2] + y0 * std::sin(p)});
      sp.push_back(at == 0 ? 1 : 0);
    }
  }
  const int n = static_cast<int>(sp.size());
  for (int i = -1; i <= 1; ++i)  // ghost images within the reach of the box
    for (int j = -1; j <= 1; ++j)
      for (int k = -1; k <= 1; ++k) {
        if (i == 0 && j == 0 && k == 0) continue;
        for (int at = 0; at < n; ++at) {
          const double r[3] = {x[3 * at] + i * L, x[3 * at + 1] + j * L, x[3 * at + 2] + k * L};
          bool near = true;
          for (int c = 0; c < 3; ++c) near = near && r[c] > -reach && r[c] < L + reach;
          if (!near) continue;
          x.insert(x.end(), r, r + 3);
          sp.push_back(sp[at]);
        }
      }
  const int nall = static_cast<int>(sp.size());
  FullNeighbourList list;
  list.build(n, nall, x.data(), sp.data(), reach);
  AtomicAssembler asmb(model);
  for (auto _ : st) {
    asmb.set_local_atoms(n, nall, nullptr, sp.data());
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < list.count(i); ++k) {
        const int j = list.neighbours(i)[k];
        asmb.add_neighbour(i, j, x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]);
      }
    asmb.compute(false);
    benchmark::DoNotOptimize(asmb.energy());
  }
  // per atom: 1 / items_per_second
  st.SetItemsProcessed(st.iterations() * n);
  int within = 0;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < list.count(i); ++k) {
      const int j = list.neighbours(i)[k];
      double r2 = 0;
      for (int c = 0; c < 3; ++c) r2 += (x[3 * j + c] - x[3 * i + c]) * (x[3 * j + c] - x[3 * i + c]);
      within += r2 < model.cutoff() * model.cutoff();
    }
  st.counters["neighbours_per_atom"] = static_cast<double>(within) / n;
}
BENCHMARK(BM_AssemblerWaterBox)->Name("Assembler/water_box_64")->Unit(benchmark::kMillisecond);

}  // namespace
