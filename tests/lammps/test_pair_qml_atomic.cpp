// pair style qml with atom-centred potential files, in-process LAMMPS (serial or under
// mpiexec with 2 or 4 ranks): a molecule in an open box against AtomicEvaluator::
// structure(); periodic cubic and triclinic water boxes (atom_style atomic, boxes smaller
// than twice the cutoff) against a brute-force image sum; fdotr and nofdotr; per-atom
// energy and virial; hybrid/overlay of a fragment and an atom-centred instance; NVE.
// Each run writes energies and forces to a file; CompareRanks checks 1 vs 2 vs 4 ranks.
#include <unistd.h>
#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "atom.h"
#include "compute.h"
#include "domain.h"
#include "force.h"
#include "input.h"
#include "lammps.h"
#include "library.h"
#include "modify.h"
#include "pair.h"
#include "lammps_instance.h"
#include "neighbor.h"

#include "atomic_reference.h"
#include "io/atomic_potential_file.h"
#include "io/potential_file.h"
#include "models/fragment_evaluator.h"

using qmlff::Vec3;

namespace {

std::string g_dir = QML_TEST_DIR;
int g_me = 0, g_np = 1;

// ---------------------------------------------------------------- systems
struct Box {
  std::array<Vec3, 3> cell{};                 // lattice vectors a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz)
  std::array<bool, 3> periodic{true, true, true};
  std::vector<std::string> type_species;      // per type
  std::vector<int> type, mol;                 // per atom
  std::vector<Vec3> x;                        // unwrapped
};

// n waters with random orientations on a jittered lattice of the cell (fractional sites).
Box water_box(int per_side, std::array<Vec3, 3> cell, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> g(0, 1);
  Box b;
  b.cell = cell;
  b.type_species = {"O", "H"};
  const double a = 104.52 * M_PI / 180.0;
  const Vec3 geom[3] = {{0, 0, 0}, {0.9572, 0, 0}, {0.9572 * std::cos(a), 0.9572 * std::sin(a), 0}};
  int m = 0;
  for (int i = 0; i < per_side; ++i)
    for (int j = 0; j < per_side; ++j)
      for (int k = 0; k < per_side; ++k) {
        const double s[3] = {(i + 0.5 + 0.2 * (u(rng) - 0.5)) / per_side, (j + 0.5 + 0.2 * (u(rng) - 0.5)) / per_side,
                             (k + 0.5 + 0.2 * (u(rng) - 0.5)) / per_side};
        Vec3 c{0, 0, 0};
        for (int d = 0; d < 3; ++d)
          for (int e = 0; e < 3; ++e) c[e] += s[d] * cell[d][e];
        double q[4] = {g(rng), g(rng), g(rng), g(rng)};
        const double qn = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        for (double& v : q) v /= qn;
        const double A = q[0], B = q[1], C = q[2], D = q[3];
        const double R[3][3] = {{A * A + B * B - C * C - D * D, 2 * (B * C - A * D), 2 * (B * D + A * C)},
                                {2 * (B * C + A * D), A * A - B * B + C * C - D * D, 2 * (C * D - A * B)},
                                {2 * (B * D - A * C), 2 * (C * D + A * B), A * A - B * B - C * C + D * D}};
        ++m;
        for (int at = 0; at < 3; ++at) {
          Vec3 r;
          for (int d = 0; d < 3; ++d)
            r[d] = c[d] + R[d][0] * geom[at][0] + R[d][1] * geom[at][1] + R[d][2] * geom[at][2] + 0.05 * (u(rng) - 0.5);
          b.x.push_back(r);
          b.type.push_back(at == 0 ? 1 : 2);
          b.mol.push_back(m);
        }
      }
  return b;
}

// Open box around a cluster of two waters and a methanol (types O, H, C: not the file's order).
Box molecule() {
  Box b;
  b.periodic = {false, false, false};
  b.cell = {Vec3{30, 0, 0}, Vec3{0, 30, 0}, Vec3{0, 0, 30}};
  b.type_species = {"O", "H", "C"};
  const std::vector<Vec3> x = {{0, 0, 0},       {0.96, 0, 0},    {-0.24, 0.93, 0}, {2.9, 0.1, 0.2},
                               {3.4, 0.8, 0.6}, {3.3, -0.7, 0.5}, {0.5, 2.8, -0.4}, {1.9, 2.7, -0.2},
                               {0.1, 3.8, -0.3}, {0.2, 2.4, -1.4}, {0.2, 2.3, 0.5}};
  const std::vector<int> t = {1, 2, 2, 1, 2, 2, 3, 1, 2, 2, 2};
  for (std::size_t a = 0; a < x.size(); ++a) {
    b.x.push_back({x[a][0] + 13, x[a][1] + 12, x[a][2] + 14});
    b.type.push_back(t[a]);
    b.mol.push_back(1);
  }
  return b;
}

double mass_of(const std::string& s) { return s == "H" ? 1.008 : s == "O" ? 15.9994 : 12.011; }

// atom_style atomic (or full, for molecule IDs), wrapped positions with image flags.
void write_data(const Box& b, const std::string& path, bool full) {
  if (g_me != 0) {
    MPI_Barrier(MPI_COMM_WORLD);
    return;
  }
  std::ofstream f(path);
  f.precision(17);
  f << "# qmlff atom-centred test\n\n" << b.x.size() << " atoms\n" << b.type_species.size() << " atom types\n\n";
  f << "0 " << b.cell[0][0] << " xlo xhi\n0 " << b.cell[1][1] << " ylo yhi\n0 " << b.cell[2][2] << " zlo zhi\n";
  const bool tri = b.cell[1][0] != 0 || b.cell[2][0] != 0 || b.cell[2][1] != 0;
  if (tri) f << b.cell[1][0] << " " << b.cell[2][0] << " " << b.cell[2][1] << " xy xz yz\n";
  f << "\nMasses\n\n";
  for (std::size_t t = 0; t < b.type_species.size(); ++t) f << t + 1 << " " << mass_of(b.type_species[t]) << "\n";
  f << "\nAtoms  # " << (full ? "full" : "atomic") << "\n\n";
  for (std::size_t i = 0; i < b.x.size(); ++i) {
    // fractional coordinates of the upper-triangular cell, then wrap
    double s[3], r[3] = {b.x[i][0], b.x[i][1], b.x[i][2]};
    s[2] = r[2] / b.cell[2][2];
    s[1] = (r[1] - s[2] * b.cell[2][1]) / b.cell[1][1];
    s[0] = (r[0] - s[1] * b.cell[1][0] - s[2] * b.cell[2][0]) / b.cell[0][0];
    int img[3];
    for (int d = 0; d < 3; ++d) img[d] = b.periodic[d] ? static_cast<int>(std::floor(s[d])) : 0;
    for (int d = 0; d < 3; ++d)
      for (int e = 0; e < 3; ++e) r[e] -= img[d] * b.cell[d][e];
    f << i + 1 << " ";
    if (full) f << b.mol[i] << " ";
    f << b.type[i] << " ";
    if (full) f << "0.0 ";
    f << r[0] << " " << r[1] << " " << r[2] << " " << img[0] << " " << img[1] << " " << img[2] << "\n";
  }
  f.close();
  MPI_Barrier(MPI_COMM_WORLD);
}

// ---------------------------------------------------------------- LAMMPS instance
struct Lmp : qmlff_test::LammpsInstance {
  Lmp()
      : LammpsInstance(g_dir + "/lammps_atomic_np" + std::to_string(g_np) + "_pid" +
                       std::to_string(static_cast<long>(getpid())) + ".log") {}
  std::vector<Vec3> unwrapped_vec() const {
    const auto v = unwrapped();
    std::vector<Vec3> x(v.size() / 3);
    for (std::size_t a = 0; a < x.size(); ++a) x[a] = {v[3 * a], v[3 * a + 1], v[3 * a + 2]};
    return x;
  }
};

std::string species_args(const Box& b) {
  std::string a;
  for (auto& t : b.type_species) a += " " + t;
  return a;
}

void setup(Lmp& L, const Box& b, const std::string& name, const std::string& file, bool full = false,
           const std::string& units = "metal") {
  const std::string data = g_dir + "/data_atomic_" + name + "_np" + std::to_string(g_np) + ".data";
  write_data(b, data, full);
  L.cmd("units " + units);
  L.cmd(std::string("atom_style ") + (full ? "full" : "atomic"));
  L.cmd(std::string("boundary ") + (b.periodic[0] ? "p p p" : "f f f"));
  L.cmd("read_data " + data);
  L.cmd("pair_style qml");
  L.cmd("pair_coeff * * " + g_dir + "/" + file + species_args(b));
  L.cmd("compute pa all pe/atom pair");
  L.cmd("compute sa all stress/atom NULL pair");
  // (referenced by thermo, so that every run computes them)
  L.cmd("compute spa all reduce sum c_pa");
  L.cmd("compute ssa all reduce sum c_sa[1]");
  L.cmd("thermo_style custom step pe press c_spa c_ssa");
}

void write_results(const std::string& name, double e, const std::vector<double>& f) {
  if (g_me != 0) return;
  std::ofstream o(g_dir + "/results_atomic_" + name + "_np" + std::to_string(g_np) + ".txt");
  o.precision(17);
  o << e << "\n";
  for (double v : f) o << v << "\n";
}

// ---------------------------------------------------------------- vs the references
struct Case {
  std::string name;
  std::function<Box()> make;
  std::string file;
};

class MatchesReference : public ::testing::TestWithParam<Case> {};

TEST_P(MatchesReference, EnergyForcesVirial) {
  const Case& c = GetParam();
  const Box b = c.make();
  const qmlff::AtomicModel model = qmlff::load_atomic_potential_file(g_dir + "/" + c.file);
  for (int fdotr = 1; fdotr >= 0; --fdotr) {
    SCOPED_TRACE("fdotr " + std::to_string(fdotr));
    Lmp L;
    setup(L, b, c.name, c.file);
    if (!fdotr) L.cmd("pair_modify nofdotr");
    L.cmd("run 0 post no");
    const std::vector<Vec3> x = L.unwrapped_vec();
    std::vector<int> sp;
    for (int t : b.type) sp.push_back(model.species_index(b.type_species[t - 1]));
    const auto ref = qmlff_test::periodic_reference(model, x, sp, b.cell, b.periodic);
    if (!b.periodic[0]) {  // the open box: the standalone structure() as well
      qmlff::AtomicEvaluator ev(model);
      std::vector<Vec3> fs(x.size());
      std::vector<double> es(x.size());
      std::array<double, 6> ws{};
      const double e = ev.structure(x.data(), sp.data(), static_cast<int>(x.size()), fs.data(), &ws, es.data());
      EXPECT_NEAR(e, ref.energy, 1e-12 * std::abs(e));
      for (std::size_t a = 0; a < x.size(); ++a) {
        EXPECT_NEAR(es[a], ref.atom_energy[a], 1e-12);
        for (int d = 0; d < 3; ++d) EXPECT_NEAR(fs[a][d], ref.forces[a][d], 1e-12);
      }
      for (int k = 0; k < 6; ++k) EXPECT_NEAR(ws[k], ref.virial[k], 1e-12);
    }
    const double tol_e = 1e-10 * std::max(1.0, std::abs(ref.energy));
    EXPECT_NEAR(L.pair_energy(), ref.energy, tol_e);
    EXPECT_NEAR(L.thermo("pe"), ref.energy, tol_e);
    double nat = L.lmp->force->pair->pvector[2];  // atoms evaluated, each once over all ranks
    MPI_Allreduce(MPI_IN_PLACE, &nat, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    EXPECT_EQ(nat, static_cast<double>(x.size()));
    const auto f = L.forces();
    double fmax = 0, fdev = 0;
    for (std::size_t k = 0; k < f.size(); ++k) {
      ASSERT_NEAR(f[k], ref.forces[k / 3][k % 3], 1e-10) << "force component " << k;
      fmax = std::max(fmax, std::abs(f[k]));
      fdev = std::max(fdev, std::abs(f[k] - ref.forces[k / 3][k % 3]));
    }
    const double e_lmp = L.pair_energy();  // (collective: outside the rank-0 branch)
    if (g_me == 0)
      std::printf("[ atomic ] %s, %d ranks, fdotr %d: |E - ref| %.1e eV (E = %.6f), max |F - ref| %.1e eV/A (max |F| %.2f)\n",
                  c.name.c_str(), g_np, fdotr, std::abs(e_lmp - ref.energy), ref.energy, fdev, fmax);
    EXPECT_GT(fmax, 1e-2) << "forces should be non-trivial";
    const auto w = L.pair_virial();
    for (int k = 0; k < 6; ++k) EXPECT_NEAR(w[k], ref.virial[k], 1e-10) << "virial " << k;
    const auto ea = L.compute_atom("pa", 1);
    for (std::size_t i = 0; i < ea.size(); ++i) ASSERT_NEAR(ea[i], ref.atom_energy[i], 1e-10) << "eatom " << i;
    // stress/atom = -nktv2p * per-atom virial; its sum is the global virial
    const double nktv2p = L.lmp->force->nktv2p;
    const auto sa = L.compute_atom("sa", 6);
    std::array<double, 6> wsum{};
    for (std::size_t k = 0; k < sa.size(); ++k) {
      ASSERT_NEAR(-sa[k] / nktv2p, ref.atom_virial[k / 6][k % 6], 1e-10) << "vatom " << k;
      wsum[k % 6] += -sa[k] / nktv2p;
    }
    for (int k = 0; k < 6; ++k) EXPECT_NEAR(wsum[k], w[k], 1e-10) << "per-atom virial sum " << k;
    if (fdotr) write_results(c.name, L.pair_energy(), f);
    if (c.name == "sparse8" && g_np > 1) {
      int nmin = L.lmp->atom->nlocal;
      MPI_Allreduce(MPI_IN_PLACE, &nmin, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
      EXPECT_EQ(nmin, 0) << "a rank should own no atoms";
    }
  }
}

std::array<Vec3, 3> cubic(double l) { return {Vec3{l, 0, 0}, Vec3{0, l, 0}, Vec3{0, 0, l}}; }

INSTANTIATE_TEST_SUITE_P(
    Atomic, MatchesReference,
    ::testing::Values(Case{"molecule", molecule, "atomic_hco.json"},
                      // 8 waters, 6.2 A box (cutoff 4 A: several images of one neighbour)
                      Case{"water8", [] { return water_box(2, cubic(6.2), 1); }, "atomic_ho.json"},
                      Case{"water27", [] { return water_box(3, cubic(9.3), 2); }, "atomic_ho.json"},
                      // 8 waters in one corner of a 20 A box: with 2 or 4 ranks some own no atoms
                      Case{"sparse8",
                           [] {
                             Box b = water_box(2, cubic(6.2), 5);
                             b.cell = cubic(20.0);
                             return b;
                           },
                           "atomic_ho.json"},
                      Case{"triclinic8",
                           [] { return water_box(2, {Vec3{6.6, 0, 0}, Vec3{1.3, 6.2, 0}, Vec3{-0.9, 1.1, 6.4}}, 3); },
                           "atomic_ho.json"}),
    [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

// ---------------------------------------------------------------- during MD
// The pair style's own full list is rebuilt only when LAMMPS reneighbours and filtered by
// the cutoff in between: after 300 hot MD steps (atoms migrate between ranks and across
// the boundaries, many rebuilds), the forces LAMMPS computed in the last step, from a
// list built steps earlier, must equal the reference at the current positions.
TEST(AtomicMd, ListStaysCompleteBetweenRebuilds) {
  const Box b = water_box(2, cubic(6.2), 1);
  const qmlff::AtomicModel model = qmlff::load_atomic_potential_file(g_dir + "/atomic_ho.json");
  Lmp L;
  setup(L, b, "md", "atomic_ho.json");
  L.cmd("neighbor 0.6 bin");
  L.cmd("neigh_modify every 1 delay 0 check yes");
  L.cmd("velocity all create 600 87287 mom yes rot yes dist gaussian");
  L.cmd("timestep 0.0005");
  L.cmd("fix 1 all nve");
  L.cmd("run 300 post no");
  const std::vector<Vec3> x = L.unwrapped_vec();
  std::vector<int> sp;
  for (int t : b.type) sp.push_back(model.species_index(b.type_species[t - 1]));
  const auto ref = qmlff_test::periodic_reference(model, x, sp, b.cell, b.periodic);
  const auto f = L.forces();
  for (std::size_t k = 0; k < f.size(); ++k) ASSERT_NEAR(f[k], ref.forces[k / 3][k % 3], 1e-10) << k;
  EXPECT_NEAR(L.pair_energy(), ref.energy, 1e-10 * std::abs(ref.energy));
  const long long builds = L.lmp->neighbor->ncalls;
  EXPECT_GT(builds, 10) << "the run should have reneighboured many times";
  if (g_me == 0) std::printf("[ atomic MD ] %d ranks: %lld neighbour builds in 300 steps\n", g_np, static_cast<long long>(builds));
}

// ---------------------------------------------------------------- virial vs strain
// W = -dE/d(strain) from the energies of strained boxes (change_box ... remap), diagonal
// and shear (triclinic from zero tilt), against the virial LAMMPS reports (fdotr and not).
TEST(AtomicStrain, VirialMatchesBoxStrain) {
  const Box b = water_box(2, cubic(6.2), 6);
  for (int fdotr = 1; fdotr >= 0; --fdotr) {
    Lmp L;
    setup(L, b, "strain", "atomic_ho.json");
    if (!fdotr) L.cmd("pair_modify nofdotr");
    L.cmd("change_box all triclinic");
    L.cmd("run 0 post no");
    const auto w = L.pair_virial();
    const double eps = 1e-6, l = b.cell[0][0];
    auto num = [](double v) {
      char t[64];
      std::snprintf(t, sizeof t, "%.17g", v);
      return std::string(t);
    };
    const char* dims[3] = {"x", "y", "z"};
    for (int d = 0; d < 3; ++d) {
      double e[2];
      for (int sgn = 0; sgn < 2; ++sgn) {
        const double f = sgn == 0 ? 1 + eps : 1 - eps;
        L.cmd(std::string("change_box all ") + dims[d] + " scale " + num(f) + " remap");
        L.cmd("run 0 post no");
        e[sgn] = L.pair_energy();
        L.cmd(std::string("change_box all ") + dims[d] + " scale " + num(1 / f) + " remap");
      }
      const double w_fd = -(e[0] - e[1]) / (2 * eps);
      EXPECT_NEAR(w[d], w_fd, 1e-5 * std::max(1.0, std::abs(w_fd))) << dims[d] << " fdotr " << fdotr;
    }
    const char* tilt[3] = {"xy", "xz", "yz"};
    for (int k = 0; k < 3; ++k) {
      double e[2];
      for (int sgn = 0; sgn < 2; ++sgn) {
        const double d = (sgn == 0 ? 1 : -1) * eps * l;
        L.cmd(std::string("change_box all ") + tilt[k] + " delta " + num(d) + " remap");
        L.cmd("run 0 post no");
        e[sgn] = L.pair_energy();
        L.cmd(std::string("change_box all ") + tilt[k] + " delta " + num(-d) + " remap");
      }
      const double w_fd = -(e[0] - e[1]) / (2 * eps);
      EXPECT_NEAR(w[3 + k], w_fd, 1e-5 * std::max(1.0, std::abs(w_fd))) << tilt[k] << " fdotr " << fdotr;
    }
  }
}

// ---------------------------------------------------------------- hybrid/overlay
// A fragment instance (one-molecule H2O model) and an atom-centred instance in one run:
// energies and forces are the sums of the two styles run alone.
TEST(AtomicHybrid, OverlayOfFragmentAndAtomCentredIsTheSum) {
  const Box b = water_box(2, cubic(7.0), 4);
  double e_sum = 0;
  std::vector<double> f_sum;
  for (const std::string file : {"h2o.json", "atomic_ho.json"}) {
    Lmp L;
    setup(L, b, "hybrid_part", file, true);
    L.cmd("run 0 post no");
    e_sum += L.pair_energy();
    const auto f = L.forces();
    if (f_sum.empty()) f_sum.assign(f.size(), 0.0);
    for (std::size_t k = 0; k < f.size(); ++k) f_sum[k] += f[k];
  }
  Lmp L;
  setup(L, b, "hybrid", "atomic_ho.json", true);
  L.cmd("pair_style hybrid/overlay qml qml");
  L.cmd("pair_coeff * * qml 1 " + g_dir + "/h2o.json O H");
  L.cmd("pair_coeff * * qml 2 " + g_dir + "/atomic_ho.json O H");
  L.cmd("run 0 post no");
  EXPECT_NEAR(L.thermo("pe"), e_sum, 1e-10 * std::abs(e_sum));
  const auto f = L.forces();
  for (std::size_t k = 0; k < f.size(); ++k) ASSERT_NEAR(f[k], f_sum[k], 1e-10) << k;
}

// ---------------------------------------------------------------- units real
TEST(AtomicUnits, RealEqualsMetalTimesConversion) {
  const Box b = water_box(2, cubic(6.2), 1);
  Lmp M, R;
  setup(M, b, "units_metal", "atomic_ho.json");
  M.cmd("run 0 post no");
  setup(R, b, "units_real", "atomic_ho.json", false, "real");
  R.cmd("run 0 post no");
  const double k = 23.060549;
  EXPECT_NEAR(R.pair_energy(), k * M.pair_energy(), 1e-9 * std::abs(k * M.pair_energy()));
  const auto fm = M.forces(), fr = R.forces();
  for (std::size_t i = 0; i < fm.size(); ++i) EXPECT_NEAR(fr[i], k * fm[i], 1e-9);
}

// ---------------------------------------------------------------- NVE
// 8 waters in a periodic box: minimise, 50 K, 0.3 ps at 0.25 fs and at 0.125 fs; atoms
// cross the cutoff and the neighbour list is rebuilt many times. With exact, smooth
// forces the energy error of velocity Verlet falls as dt^2: the deviation must shrink
// about fourfold when dt is halved (a force error or a missed neighbour would not).
std::array<double, 2> nve_deviation(double dt_fs, int nsteps) {
  const Box b = water_box(2, cubic(6.2), 1);
  Lmp L;
  setup(L, b, "nve", "atomic_ho.json");
  L.cmd("thermo_style custom step pe ke etotal");
  L.cmd("min_style cg");
  L.cmd("minimize 0 1e-6 200 2000");
  L.cmd("reset_timestep 0");
  L.cmd("velocity all create 50 4928459 mom yes rot yes dist gaussian");
  L.cmd("timestep " + std::to_string(dt_fs * 1e-3));
  L.cmd("fix 1 all nve");
  L.cmd("run 0 post no");
  const double e0 = L.thermo("etotal");
  double maxdev = 0;
  const int chunk = nsteps / 20;
  for (int k = 0; k < 20; ++k) {
    L.cmd("run " + std::to_string(chunk) + " pre no post no");
    maxdev = std::max(maxdev, std::abs(L.thermo("etotal") - e0));
  }
  const double drift = (L.thermo("etotal") - e0) / L.natoms();
  if (g_me == 0)
    std::printf("[ NVE atomic ] %d atoms, %d steps of %g fs: drift %.3e eV/atom, max |dE| %.3e eV\n", L.natoms(),
                nsteps, dt_fs, drift, maxdev);
  return {drift, maxdev};
}

TEST(AtomicNve, EnergyConservation) {
  const auto coarse = nve_deviation(0.25, 1200);
  const auto fine = nve_deviation(0.125, 2400);
  ::testing::Test::RecordProperty("drift_eV_per_atom", std::to_string(fine[0]));
  EXPECT_LT(std::abs(coarse[0]), 5e-5);
  EXPECT_LT(coarse[1], 2e-3);
  EXPECT_GT(coarse[1] / fine[1], 3.0) << "energy error should scale as dt^2";
  EXPECT_LT(coarse[1] / fine[1], 6.5);
}

// ---------------------------------------------------------------- 1 vs 2 vs 4 ranks
TEST(CompareRanks, OneTwoFour) {
  if (g_np != 1) GTEST_SKIP() << "run by the serial test";
  std::size_t compared = 0;
  for (const std::string name : {"molecule", "water8", "water27", "sparse8", "triclinic8"}) {
    for (int np : {2, 4}) {
      std::ifstream a(g_dir + "/results_atomic_" + name + "_np1.txt");
      std::ifstream b(g_dir + "/results_atomic_" + name + "_np" + std::to_string(np) + ".txt");
      if (!a || !b) {
        ADD_FAILURE() << "missing results of " << name << " from 1 or " << np << " ranks";
        continue;
      }
      double va, vb, maxdiff = 0;
      int k = 0;
      while (a >> va) {
        ASSERT_TRUE(static_cast<bool>(b >> vb)) << name;
        ASSERT_NEAR(va, vb, 1e-10 * std::max(1.0, std::abs(va))) << name << " value " << k << " np " << np;
        maxdiff = std::max(maxdiff, std::abs(va - vb));
        ++k;
      }
      std::printf("[ ranks ] %s: 1 vs %d ranks, %d values, max |diff| %.2e\n", name.c_str(), np, k, maxdiff);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 10u);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_me);
  MPI_Comm_size(MPI_COMM_WORLD, &g_np);
  ::testing::InitGoogleTest(&argc, argv);
  if (g_me != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int rc = RUN_ALL_TESTS();
  MPI_Finalize();
  return rc;
}
