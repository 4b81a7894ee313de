// pair style qml inside LAMMPS (in-process, serial or under mpiexec) against the standalone
// FragmentEvaluator: energy, forces, per-atom energy, global and per-atom virial, for each
// model kind; finite differences of the energy from inside LAMMPS (displace_atoms,
// change_box); units real; NVE energy conservation. Run with 1 and 2 MPI ranks; each run
// writes its energies and forces to a file and CompareRanks checks 1 vs 2 ranks.
#include <dlfcn.h>
#include <unistd.h>
#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <array>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
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
#include "variable.h"
#include "qml_register.h"
#include "lammps_instance.h"

#include "interface/many_body.h"
#include "io/potential_file.h"
#include "models/fragment_evaluator.h"

using qmlff::Vec3;

namespace {

std::string g_dir = QML_TEST_DIR;  // potentials and scratch files
int g_me = 0, g_np = 1;

// ---------------------------------------------------------------- test systems
struct MolKind {
  std::vector<std::string> species;
  std::vector<Vec3> geom;
};
std::map<std::string, MolKind> kinds() {
  const double a = 104.52 * M_PI / 180.0;
  return {
      {"h2o", {{"O", "H", "H"}, {{0, 0, 0}, {0.9572, 0, 0}, {0.9572 * std::cos(a), 0.9572 * std::sin(a), 0}}}},
      {"lih", {{"Li", "H"}, {{0, 0, 0}, {1.5957, 0, 0}}}},
      {"nh3",
       {{"N", "H", "H", "H"},
        {{0, 0, 0}, {0.9377, 0, -0.3816}, {-0.4689, 0.8121, -0.3816}, {-0.4689, -0.8121, -0.3816}}}},
  };
}

struct System {
  double L = 0;
  std::vector<std::string> type_species;  // per type (1-based in the data file)
  std::vector<int> type, mol;            // per atom (atom ID = index + 1)
  std::vector<Vec3> x;                    // unwrapped
};

// n molecules of the given kinds on a jittered lattice with random orientations, shifted so
// molecules cross the periodic boundaries. Atom IDs within a molecule are shuffled so
// that the species order in the file differs from the model order.
System make_system(const std::vector<std::pair<std::string, int>>& content, double vol_per_mol,
                   unsigned seed, double L_override = 0, double spacing = 0) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  auto K = kinds();
  std::vector<std::string> mols;
  for (auto& c : content)
    for (int i = 0; i < c.second; ++i) mols.push_back(c.first);
  std::shuffle(mols.begin(), mols.end(), rng);
  System s;
  const int n = static_cast<int>(mols.size());
  s.L = L_override > 0 ? L_override : std::cbrt(vol_per_mol * n);
  const int side = static_cast<int>(std::ceil(std::cbrt(static_cast<double>(n)) - 1e-9));
  const double sp = spacing > 0 ? spacing : s.L / side;
  const Vec3 shift{u(rng) * sp, u(rng) * sp, u(rng) * sp};
  for (auto& m : mols)
    for (auto& sp_ : K[m].species)
      if (std::find(s.type_species.begin(), s.type_species.end(), sp_) == s.type_species.end())
        s.type_species.push_back(sp_);
  for (int im = 0; im < n; ++im) {
    const MolKind& k = K[mols[im]];
    const int ix = im % side, iy = (im / side) % side, iz = im / (side * side);
    Vec3 c{(ix + 0.5) * sp + shift[0], (iy + 0.5) * sp + shift[1], (iz + 0.5) * sp + shift[2]};
    for (auto& v : c) v += 0.2 * (u(rng) - 0.5);
    // random rotation from a unit quaternion
    std::normal_distribution<double> g(0, 1);
    double q[4] = {g(rng), g(rng), g(rng), g(rng)};
    const double qn = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    for (double& v : q) v /= qn;
    const double A = q[0], B = q[1], C = q[2], D = q[3];
    const double R[3][3] = {{A * A + B * B - C * C - D * D, 2 * (B * C - A * D), 2 * (B * D + A * C)},
                            {2 * (B * C + A * D), A * A - B * B + C * C - D * D, 2 * (C * D - A * B)},
                            {2 * (B * D - A * C), 2 * (C * D + A * B), A * A - B * B - C * C + D * D}};
    std::vector<int> order(k.species.size());
    for (std::size_t a = 0; a < order.size(); ++a) order[a] = static_cast<int>(a);
    std::shuffle(order.begin(), order.end(), rng);
    for (int a : order) {
      Vec3 r;
      for (int d = 0; d < 3; ++d)
        r[d] = c[d] + R[d][0] * k.geom[a][0] + R[d][1] * k.geom[a][1] + R[d][2] * k.geom[a][2] +
               0.05 * (u(rng) - 0.5);  // distort a little
      s.x.push_back(r);
      s.mol.push_back(im + 1);
      s.type.push_back(static_cast<int>(
          std::find(s.type_species.begin(), s.type_species.end(), k.species[a]) - s.type_species.begin() + 1));
    }
  }
  return s;
}

double mass_of(const std::string& s) {
  return s == "H" ? 1.008 : s == "O" ? 15.9994 : s == "Li" ? 6.941 : s == "N" ? 14.0067 : 12.0;
}

void write_data(const System& s, const std::string& path) {
  if (g_me == 0) {
    std::ofstream f(path);
    f.precision(17);
    f << "# qmlff test system\n\n" << s.x.size() << " atoms\n" << s.type_species.size() << " atom types\n\n";
    for (const char* d : {"x", "y", "z"}) f << "0 " << s.L << " " << d << "lo " << d << "hi\n";
    f << "\nMasses\n\n";
    for (std::size_t t = 0; t < s.type_species.size(); ++t) f << t + 1 << " " << mass_of(s.type_species[t]) << "\n";
    f << "\nAtoms  # full\n\n";
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      int img[3];
      double w[3];
      for (int d = 0; d < 3; ++d) {
        img[d] = static_cast<int>(std::floor(s.x[i][d] / s.L));
        w[d] = s.x[i][d] - img[d] * s.L;
      }
      f << i + 1 << " " << s.mol[i] << " " << s.type[i] << " 0.0 " << w[0] << " " << w[1] << " " << w[2] << " "
        << img[0] << " " << img[1] << " " << img[2] << "\n";
    }
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

// ---------------------------------------------------------------- LAMMPS instance
struct Lmp : qmlff_test::LammpsInstance {
  Lmp()
      : LammpsInstance(g_dir + "/lammps_test_np" + std::to_string(g_np) + "_pid" +
                       std::to_string(static_cast<long>(getpid())) + ".log") {}
};

// ---------------------------------------------------------------- reference
struct Reference {
  double energy = 0;
  std::vector<double> f, eatom, vatom;
  std::array<double, 6> virial{};
};

// files: potential files; positions (unwrapped, by atom ID); same molecule/order rules as
// the assembler (species in model order, identical species by atom ID).
Reference reference(const System& s, const std::vector<double>& x_unwrapped,
                    const std::vector<std::string>& files, bool dimer) {
  // minimum image as in the assembler: atoms closest to their molecule's anchor (lowest
  // ID), molecule anchors closest to the first molecule's anchor
  std::vector<double> x = x_unwrapped;
  auto image_near = [&](int i, const double* ref) {
    for (int d = 0; d < 3; ++d) x[3 * i + d] -= s.L * std::round((x[3 * i + d] - ref[d]) / s.L);
  };
  {
    std::map<int, int> anchor;
    for (int i = static_cast<int>(s.mol.size()) - 1; i >= 0; --i) anchor[s.mol[i]] = i;
    const int first = anchor.begin()->second;
    for (auto& a : anchor)
      if (dimer && a.second != first) image_near(a.second, &x[3 * first]);
    for (std::size_t i = 0; i < s.mol.size(); ++i) {
      const int a = anchor[s.mol[i]];
      if (static_cast<int>(i) != a) image_near(static_cast<int>(i), &x[3 * a]);
    }
  }
  std::vector<qmlff::FragmentModel> models;
  for (auto& f : files) models.push_back(qmlff::load_potential_file(g_dir + "/" + f));
  const int n = static_cast<int>(s.mol.size());
  Reference r;
  r.f.assign(3 * n, 0.0);
  r.eatom.assign(n, 0.0);
  r.vatom.assign(6 * n, 0.0);
  std::map<int, std::vector<int>> mol_atoms;
  for (int i = 0; i < n; ++i) mol_atoms[s.mol[i]].push_back(i);  // increasing atom ID
  std::vector<std::vector<int>> terms;
  if (dimer) {
    std::vector<int> both;
    for (auto& m : mol_atoms) both.insert(both.end(), m.second.begin(), m.second.end());
    terms.push_back(both);
  } else {
    for (auto& m : mol_atoms) terms.push_back(m.second);
  }
  for (auto& atoms : terms) {
    std::vector<std::string> sp;
    for (int i : atoms) sp.push_back(s.type_species[s.type[i] - 1]);
    const qmlff::FragmentModel* model = nullptr;
    for (auto& m : models) {
      auto a = m.species, b = sp;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a == b) model = &m;
    }
    if (!model) throw std::runtime_error("reference: no model");
    // model order: in dimer mode, first half from the first molecule
    std::vector<int> order;
    std::vector<char> used(atoms.size(), 0);
    const std::size_t h = dimer ? model->species.size() / 2 : model->species.size();
    for (std::size_t p = 0; p < model->species.size(); ++p) {
      const std::size_t lo = dimer && p >= h ? h : 0, hi = dimer && p < h ? h : atoms.size();
      for (std::size_t k = lo; k < hi; ++k)
        if (!used[k] && sp[k] == model->species[p]) {
          used[k] = 1;
          order.push_back(atoms[k]);
          break;
        }
    }
    std::vector<Vec3> pos(order.size()), frc(order.size());
    for (std::size_t a = 0; a < order.size(); ++a)
      pos[a] = {x[3 * order[a]], x[3 * order[a] + 1], x[3 * order[a] + 2]};
    qmlff::FragmentEvaluator ev(*model);
    qmlff::Virial6 w;
    const double e = ev.energy_forces(pos.data(), frc.data(), &w);
    r.energy += e;
    for (int k = 0; k < 6; ++k) r.virial[k] += w[k];
    Vec3 c{0, 0, 0};
    for (auto& p : pos)
      for (int d = 0; d < 3; ++d) c[d] += p[d] / pos.size();
    for (std::size_t a = 0; a < order.size(); ++a) {
      const int i = order[a];
      for (int d = 0; d < 3; ++d) r.f[3 * i + d] += frc[a][d];
      r.eatom[i] += e / order.size();
      const double dx = pos[a][0] - c[0], dy = pos[a][1] - c[1], dz = pos[a][2] - c[2];
      const double v[6] = {dx * frc[a][0], dy * frc[a][1], dz * frc[a][2],
                           dx * frc[a][1], dx * frc[a][2], dy * frc[a][2]};
      for (int k = 0; k < 6; ++k) r.vatom[6 * i + k] += v[k];
    }
  }
  return r;
}

// Many-body expansion pair terms (pair_style qml mbe R_S R_C), brute force over molecule
// pairs with the minimum image of the anchor (first species, e.g. O) distance; halves
// ordered by anchor atom ID, atoms of one species by ID; each half's atoms taken closest
// to its anchor. Adds to r (one-body terms already there). Returns {pairs within R_C,
// of which inside the switching shell R_S..R_C}.
std::array<int, 2> add_pair_terms(Reference& r, const System& s, const std::vector<double>& xu,
                    const std::string& file, double rs, double rc) {
  const qmlff::FragmentModel model = qmlff::load_potential_file(g_dir + "/" + file);
  qmlff::FragmentEvaluator ev(model);
  const qmlff::SmoothSwitch sw(rs, rc);
  const std::size_t h = model.species.size() / 2;
  std::map<int, std::vector<int>> mol_atoms;
  for (std::size_t i = 0; i < s.mol.size(); ++i) mol_atoms[s.mol[i]].push_back(static_cast<int>(i));
  auto sp = [&](int i) { return s.type_species[s.type[i] - 1]; };
  auto near = [&](int i, const double* ref) {
    Vec3 v;
    for (int d = 0; d < 3; ++d) v[d] = xu[3 * i + d] - s.L * std::round((xu[3 * i + d] - ref[d]) / s.L);
    return v;
  };
  std::array<int, 2> count{0, 0};
  std::vector<std::pair<int, std::vector<int>>> mols;  // (anchor atom, atoms in model order)
  for (auto& m : mol_atoms) {
    std::vector<int> order;
    for (std::size_t p = 0; p < h; ++p)
      for (int i : m.second)
        if (sp(i) == model.species[p] && std::find(order.begin(), order.end(), i) == order.end()) {
          order.push_back(i);
          break;
        }
    if (order.size() != m.second.size()) continue;  // not this kind of molecule
    mols.push_back({order[0], order});
  }
  for (std::size_t A = 0; A < mols.size(); ++A)
    for (std::size_t B = A + 1; B < mols.size(); ++B) {
      auto a = mols[A], b = mols[B];
      if (a.first > b.first) std::swap(a, b);
      const Vec3 oa{xu[3 * a.first], xu[3 * a.first + 1], xu[3 * a.first + 2]};
      const Vec3 ob = near(b.first, oa.data());
      std::vector<Vec3> pos;
      std::vector<int> atoms;
      for (int i : a.second) pos.push_back(near(i, oa.data())), atoms.push_back(i);
      for (int i : b.second) pos.push_back(near(i, ob.data())), atoms.push_back(i);
      Vec3 d{ob[0] - oa[0], ob[1] - oa[1], ob[2] - oa[2]};
      const double dist = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      if (dist >= rc) continue;
      ++count[0];
      if (dist > rs) ++count[1];
      std::vector<Vec3> frc(pos.size());
      const double e2 = ev.energy_forces(pos.data(), frc.data());
      double dsdr;
      const double w = sw.value(dist, &dsdr);
      for (auto& f : frc)
        for (double& c : f) c *= w;
      for (int c = 0; c < 3; ++c) {  // -d(s E2)/dx through r on the two anchors
        frc[0][c] += e2 * dsdr * d[c] / dist;
        frc[h][c] -= e2 * dsdr * d[c] / dist;
      }
      r.energy += w * e2;
      Vec3 cen{0, 0, 0};
      for (auto& p : pos)
        for (int c = 0; c < 3; ++c) cen[c] += p[c] / pos.size();
      for (std::size_t k = 0; k < pos.size(); ++k) {
        const int i = atoms[k];
        for (int c = 0; c < 3; ++c) r.f[3 * i + c] += frc[k][c];
        r.eatom[i] += w * e2 / pos.size();
        const double gv[6] = {pos[k][0] * frc[k][0], pos[k][1] * frc[k][1], pos[k][2] * frc[k][2],
                              pos[k][0] * frc[k][1], pos[k][0] * frc[k][2], pos[k][1] * frc[k][2]};
        for (int c = 0; c < 6; ++c) r.virial[c] += gv[c];
        const double dx = pos[k][0] - cen[0], dy = pos[k][1] - cen[1], dz = pos[k][2] - cen[2];
        const double v[6] = {dx * frc[k][0], dy * frc[k][1], dz * frc[k][2],
                             dx * frc[k][1], dx * frc[k][2], dy * frc[k][2]};
        for (int c = 0; c < 6; ++c) r.vatom[6 * i + c] += v[c];
      }
    }
  return count;
}

std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

std::string species_args(const System& s) {
  std::string a;
  for (auto& t : s.type_species) a += " " + t;
  return a;
}

std::string file_args(const std::vector<std::string>& files) {
  std::string a;
  for (auto& f : files) a += " " + (f[0] == '/' ? f : g_dir + "/" + f);
  return a;
}

void setup(Lmp& L, const System& s, const std::string& data, const std::vector<std::string>& files,
           const std::string& units = "metal", const std::string& style_args = "",
           const std::string& grid = "") {
  write_data(s, data);
  L.cmd("units " + units);
  if (!grid.empty()) L.cmd("processors " + grid);
  L.cmd("atom_style full");
  L.cmd("read_data " + data);
  L.cmd("pair_style qml" + style_args);
  L.cmd("pair_coeff * *" + file_args(files) + species_args(s));
  L.cmds(
      "compute pa all pe/atom pair\n"
      "compute sa all stress/atom NULL pair\n"
      "compute spa all reduce sum c_pa\n"
      "compute ssa all reduce sum c_sa[1]\n"
      "thermo_style custom step pe press c_spa c_ssa\n"
      "thermo_modify format float %.15g\n");
}

void write_results(const std::string& name, double e, const std::vector<double>& f) {
  if (g_me != 0) return;
  std::ofstream o(g_dir + "/results_" + name + "_np" + std::to_string(g_np) + ".txt");
  o.precision(17);
  o << e << "\n";
  for (double v : f) o << v << "\n";
}

struct Case {
  std::string name;
  std::vector<std::pair<std::string, int>> content;
  std::vector<std::string> files;
  bool dimer = false;
  double box = 0;      // 0: from density
  double spacing = 0;  // lattice spacing, 0: box / sites per side
  double mbe_rs = 0, mbe_rc = 0;  // mbe_rc > 0: many-body expansion with files.back() as E2
};

class MatchesEvaluator : public ::testing::TestWithParam<Case> {};

TEST_P(MatchesEvaluator, EnergyForcesVirial) {
  const Case& c = GetParam();
  const System s = make_system(c.content, 30.0, 7 + c.content.size(), c.box, c.spacing);
  const std::string data = g_dir + "/data_" + c.name + "_np" + std::to_string(g_np) + ".data";
  // with 2 ranks, also other processor grids for the large boxes
  std::vector<std::string> grids = {""};
  if (g_np == 2 && (c.name == "h2o64" || c.name == "mixed" || c.name == "mbe_h2o27")) grids = {"", "1 2 1", "1 1 2"};
  for (const auto& grid : grids)
  for (int fdotr = 1; fdotr >= 0; --fdotr) {
    SCOPED_TRACE("processors '" + grid + "', fdotr " + std::to_string(fdotr));
    Lmp L;
    const bool mbe = c.mbe_rc > 0;
    setup(L, s, data, c.files, "metal", mbe ? " mbe " + num(c.mbe_rs) + " " + num(c.mbe_rc) : "", grid);
    if (!fdotr) L.cmd("pair_modify nofdotr");
    L.cmd("run 0 post no");
    const auto xu = L.unwrapped();
    Reference r = reference(s, xu, mbe ? std::vector<std::string>(c.files.begin(), c.files.end() - 1) : c.files,
                            c.dimer);
    if (mbe) {
      const auto pairs = add_pair_terms(r, s, xu, c.files.back(), c.mbe_rs, c.mbe_rc);
      EXPECT_GT(pairs[0], 20);
      EXPECT_GT(pairs[1], 5) << "pairs in the switching shell";
      // every term evaluated exactly once over all ranks (pvector[2]: fragments so far)
      double nfrag = L.lmp->force->pair->pvector[2];
      MPI_Allreduce(MPI_IN_PLACE, &nfrag, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
      std::set<int> mols(s.mol.begin(), s.mol.end());
      EXPECT_EQ(nfrag, static_cast<double>(mols.size() + pairs[0]));
    }
    const double e = L.pair_energy();
    EXPECT_NEAR(e, r.energy, 1e-10 * std::max(1.0, std::abs(r.energy)));
    EXPECT_NEAR(L.thermo("pe"), r.energy, 1e-10 * std::max(1.0, std::abs(r.energy)));
    const auto f = L.forces();
    double fmax = 0;
    for (double v : f) fmax = std::max(fmax, std::abs(v));
    EXPECT_GT(fmax, 1e-2) << "forces should be non-trivial";
    for (std::size_t k = 0; k < f.size(); ++k) ASSERT_NEAR(f[k], r.f[k], 1e-10) << "force component " << k;
    const auto w = L.pair_virial();
    for (int k = 0; k < 6; ++k) EXPECT_NEAR(w[k], r.virial[k], 1e-10) << "virial " << k << " fdotr " << fdotr;
    const auto ea = L.compute_atom("pa", 1);
    for (std::size_t i = 0; i < ea.size(); ++i) ASSERT_NEAR(ea[i], r.eatom[i], 1e-10) << "eatom " << i;
    // stress/atom = -nktv2p * per-atom virial
    const double nktv2p = L.lmp->force->nktv2p;
    const auto sa = L.compute_atom("sa", 6);
    for (std::size_t k = 0; k < sa.size(); ++k) ASSERT_NEAR(-sa[k] / nktv2p, r.vatom[k], 1e-10) << "vatom " << k;
    if (fdotr && grid.empty()) write_results(c.name, e, f);
    if (c.name == "empty_subdomain" && g_np == 2) {
      int nmin = L.lmp->atom->nlocal;
      MPI_Allreduce(MPI_IN_PLACE, &nmin, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
      EXPECT_EQ(nmin, 0) << "one rank should own no atoms";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, MatchesEvaluator,
    ::testing::Values(Case{"h2o64", {{"h2o", 64}}, {"h2o.json"}},
                      Case{"lih27", {{"lih", 27}}, {"lih.json"}},
                      Case{"nh3_27", {{"nh3", 27}}, {"nh3.json"}},
                      Case{"graph_h2o27", {{"h2o", 27}}, {"graph_h2o.json"}},
                      Case{"generic_h2o27", {{"h2o", 27}}, {"generic_h2o.json"}},
                      Case{"mixed", {{"h2o", 64}, {"lih", 16}}, {"lih.json", "h2o.json"}},
                      Case{"dimer", {{"h2o", 2}}, {"water_dimer.json"}, true, 9.0, 3.0},
                      // many-body expansion: 27 waters, pairs in and beyond the switching shell
                      Case{"mbe_h2o27", {{"h2o", 27}}, {"h2o.json", "water_dimer_int.json"}, false, 0, 0, 2.8, 4.2},
                      // the 64-molecule box at liquid density (30 A^3 per molecule)
                      Case{"mbe_h2o64", {{"h2o", 64}}, {"h2o.json", "water_dimer_int.json"}, false, 0, 0, 2.8, 4.2},
                      // a two-body model with a fixed pair repulsion (potential format v2)
                      Case{"mbe_h2o64_repulsion", {{"h2o", 64}}, {"h2o.json", "water_dimer_int_rep.json"}, false, 0, 0,
                           2.8, 4.2},
                      Case{"mbe_mixed", {{"h2o", 20}, {"lih", 7}}, {"lih.json", "h2o.json", "water_dimer_int.json"},
                           false, 0, 0, 2.8, 4.2},
                      // all molecules in x < 10 of a 30 A box: with 2 ranks one subdomain is empty
                      Case{"empty_subdomain", {{"h2o", 8}}, {"h2o.json"}, false, 30.0, 3.0}),
    [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

// ---------------------------------------------------------------- finite differences
// Central differences of the pair energy (displace_atoms, run 0) against the forces on
// the given atoms.
void expect_forces_match_finite_differences(Lmp& L, const std::vector<int>& ids) {
  L.cmd("run 0 post no");
  const auto f = L.forces();
  const double h = 1e-5;
  for (int id : ids) {
    L.cmd("group g" + std::to_string(id) + " id " + std::to_string(id));
    for (int d = 0; d < 3; ++d) {
      std::string mv[3] = {"0", "0", "0"};
      mv[d] = num(h);
      L.cmd("displace_atoms g" + std::to_string(id) + " move " + mv[0] + " " + mv[1] + " " + mv[2] + " units box");
      L.cmd("run 0 post no");
      const double ep = L.pair_energy();
      mv[d] = num(-2 * h);
      L.cmd("displace_atoms g" + std::to_string(id) + " move " + mv[0] + " " + mv[1] + " " + mv[2] + " units box");
      L.cmd("run 0 post no");
      const double em = L.pair_energy();
      mv[d] = num(h);
      L.cmd("displace_atoms g" + std::to_string(id) + " move " + mv[0] + " " + mv[1] + " " + mv[2] + " units box");
      EXPECT_NEAR(-(ep - em) / (2 * h), f[3 * (id - 1) + d], 1e-6) << "atom " << id << " dir " << d;
    }
  }
}

TEST(FiniteDifference, ForcesFromDisplaceAtoms) {
  const System s = make_system({{"h2o", 8}, {"lih", 4}}, 30.0, 99);
  const std::string data = g_dir + "/data_fd_np" + std::to_string(g_np) + ".data";
  Lmp L;
  setup(L, s, data, {"h2o.json", "lih.json"});
  expect_forces_match_finite_differences(L, {1, 2, 5, 17, static_cast<int>(s.x.size())});
}

// The many-body pair terms including the switch's force (pairs near R_C in the box).
void expect_many_body_forces_match_finite_differences(const std::string& two_body, const std::string& tag) {
  const System s = make_system({{"h2o", 27}}, 30.0, 41);
  const std::string data = g_dir + "/data_fd_" + tag + "_np" + std::to_string(g_np) + ".data";
  Lmp L;
  setup(L, s, data, {"h2o.json", two_body}, "metal", " mbe 2.8 4.2");
  expect_forces_match_finite_differences(L, {1, 2, 3, 40, 81});
}

TEST(FiniteDifference, ManyBodyForcesFromDisplaceAtoms) {
  expect_many_body_forces_match_finite_differences("water_dimer_int.json", "mbe");
}

// The same with a two-body model that carries a fixed pair repulsion.
TEST(FiniteDifference, ManyBodyForcesWithRepulsionFromDisplaceAtoms) {
  expect_many_body_forces_match_finite_differences("water_dimer_int_rep.json", "mbe_rep");
}

// Virial (both the fdotr and the explicit per-term path) against -dE/d strain for normal
// and shear strains of the box.
void expect_virial_matches_box_strain(const System& s, const std::string& data,
                                      const std::vector<std::string>& files, const std::string& style_args) {
  for (int fdotr = 1; fdotr >= 0; --fdotr) {
    Lmp L;
    setup(L, s, data, files, "metal", style_args);
    if (!fdotr) L.cmd("pair_modify nofdotr");
    L.cmd("compute pv all pressure NULL virial");
    L.cmd("thermo_style custom step pe c_pv[1] c_pv[2] c_pv[3] vol");
    L.cmd("run 0 post no");
    const double vol = L.thermo("vol"), nktv2p = L.lmp->force->nktv2p;
    double p[3];
    for (int d = 0; d < 3; ++d)
      p[d] = L.lmp->input->variable->compute_equal("c_pv[" + std::to_string(d + 1) + "]");
    const double eps = 1e-6;
    const char* dims[3] = {"x", "y", "z"};
    for (int d = 0; d < 3; ++d) {
      L.cmd(std::string("change_box all ") + dims[d] + " scale " + num(1 + eps) + " remap");
      L.cmd("run 0 post no");
      const double ep = L.pair_energy();
      L.cmd(std::string("change_box all ") + dims[d] + " scale " + num(1 / (1 + eps)) + " remap");
      L.cmd(std::string("change_box all ") + dims[d] + " scale " + num(1 - eps) + " remap");
      L.cmd("run 0 post no");
      const double em = L.pair_energy();
      L.cmd(std::string("change_box all ") + dims[d] + " scale " + num(1 / (1 - eps)) + " remap");
      // W_dd = -dE/d eps_dd ; P_dd(virial part) = W_dd nktv2p / V
      const double w_fd = -(ep - em) / (2 * eps);
      EXPECT_NEAR(p[d] * vol / nktv2p, w_fd, 1e-5 * std::max(1.0, std::abs(w_fd)))
          << "dim " << dims[d] << " fdotr " << fdotr;
    }
    // shear in a triclinic box: x -> x + eps y (xy), x + eps z (xz), y + eps z (yz);
    // W_xy = sum x F_y = -dE/d eps for rotation-invariant models (symmetric virial)
    L.cmd("change_box all triclinic");
    // (from zero tilt: then every tilt change is a pure shear of the Cartesian coordinates)
    L.cmd("thermo_style custom step pe c_pv[4] c_pv[5] c_pv[6] vol");
    L.cmd("run 0 post no");
    const double Lb = s.L;
    const char* tilt[3] = {"xy", "xz", "yz"};
    double pt[3];  // all from the run at zero tilt
    for (int k = 0; k < 3; ++k) pt[k] = L.lmp->input->variable->compute_equal("c_pv[" + std::to_string(k + 4) + "]");
    for (int k = 0; k < 3; ++k) {
      const double pk = pt[k];
      const double d = eps * Lb;  // tilt change for strain eps (y and z lengths are Lb)
      L.cmd(std::string("change_box all ") + tilt[k] + " delta " + num(d) + " remap");
      L.cmd("run 0 post no");
      const double ep = L.pair_energy();
      L.cmd(std::string("change_box all ") + tilt[k] + " delta " + num(-2 * d) + " remap");
      L.cmd("run 0 post no");
      const double em = L.pair_energy();
      L.cmd(std::string("change_box all ") + tilt[k] + " delta " + num(d) + " remap");
      const double w_fd = -(ep - em) / (2 * eps);
      EXPECT_NEAR(pk * L.thermo("vol") / nktv2p, w_fd, 1e-5 * std::max(1.0, std::abs(w_fd)))
          << tilt[k] << " fdotr " << fdotr;
    }
  }
}

TEST(FiniteDifference, PressureFromBoxStrain) {
  const System s = make_system({{"h2o", 27}}, 30.0, 5);
  expect_virial_matches_box_strain(s, g_dir + "/data_strain_np" + std::to_string(g_np) + ".data",
                                   {getenv("QML_STRAIN_POT") ? getenv("QML_STRAIN_POT") : "h2o.json"}, "");
}

// Many-body expansion in a liquid-density box: pair terms cross the periodic boundaries
// and the switching shell, so the strain derivative checks the pair virial and s(r).
TEST(FiniteDifference, ManyBodyPressureFromBoxStrain) {
  const System s = make_system({{"h2o", 27}}, 30.0, 9);
  expect_virial_matches_box_strain(s, g_dir + "/data_strain_mbe_np" + std::to_string(g_np) + ".data",
                                   {"h2o.json", "water_dimer_int.json"}, " mbe 2.8 4.2");
  expect_virial_matches_box_strain(s, g_dir + "/data_strain_mbe_rep_np" + std::to_string(g_np) + ".data",
                                   {"h2o.json", "water_dimer_int_rep.json"}, " mbe 2.8 4.2");
}

// ---------------------------------------------------------------- units real
TEST(Units, RealEqualsMetalTimesConversion) {
  const System s = make_system({{"h2o", 8}}, 30.0, 3);
  const std::string data = g_dir + "/data_units_np" + std::to_string(g_np) + ".data";
  Lmp M, R;
  setup(M, s, data, {"h2o.json"}, "metal");
  M.cmd("run 0 post no");
  setup(R, s, data, {"h2o.json"}, "real");
  R.cmd("run 0 post no");
  const double k = 23.060549;  // LAMMPS's eV -> kcal/mol factor
  EXPECT_NEAR(R.pair_energy(), k * M.pair_energy(), 1e-9 * std::abs(k * M.pair_energy()));
  const auto fm = M.forces(), fr = R.forces();
  for (std::size_t i = 0; i < fm.size(); ++i) EXPECT_NEAR(fr[i], k * fm[i], 1e-9);
  const auto wm = M.pair_virial(), wr = R.pair_virial();
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(wr[i], k * wm[i], 1e-9);
}

// ---------------------------------------------------------------- NVE
struct NveCase {
  std::string name;
  std::vector<std::pair<std::string, int>> content;
  std::vector<std::string> files;
  double box;
  double max_dev = 5e-4;    // eV, largest |E(t) - E(0)| allowed
  double max_drift = 5e-5;  // eV/atom, |E(end) - E(0)| / N allowed
  std::string style_args = "";  // pair_style qml keywords
  int nsteps = 10000;
};
class Nve : public ::testing::TestWithParam<NveCase> {};

TEST_P(Nve, EnergyConservation) {
  NveCase c = GetParam();
  for (auto& f : c.files)
    if (f[0] == '@') {  // shipped potential in the source tree
      f = std::string(QMLFF_SOURCE_DIR) + "/potentials/" + f.substr(1);
      if (!std::ifstream(f)) GTEST_SKIP() << f << " not present yet";
    }
  // box large enough that minimum images are unambiguous
  const System s = make_system(c.content, 30.0, 11, c.box > 0 ? c.box : 12.0, c.box > 0 ? 3.0 : 4.0);
  const std::string data = g_dir + "/data_nve_" + c.name + "_np" + std::to_string(g_np) + ".data";
  Lmp L;
  setup(L, s, data, c.files, "metal", c.style_args);
  L.cmds(
      "thermo_style custom step pe ke etotal\n"
      "min_style cg\n"
      "minimize 0 1e-6 200 2000\n"
      "reset_timestep 0\n"
      "velocity all create 50 4928459 mom yes rot yes dist gaussian\n"
      "timestep 0.00025\n"
      "fix 1 all nve\n"
      "run 0 post no\n");
  const double e0 = L.thermo("etotal");
  double maxdev = 0, ke_sum = 0;
  const int nsteps = c.nsteps, chunk = 500;
  for (int k = 0; k < nsteps / chunk; ++k) {
    L.cmd("run " + std::to_string(chunk) + " pre no post no");
    maxdev = std::max(maxdev, std::abs(L.thermo("etotal") - e0));
    ke_sum += L.thermo("ke");
  }
  const double drift = (L.thermo("etotal") - e0) / L.natoms();
  const double ke_mean = ke_sum / (nsteps / chunk);
  if (g_me == 0)
    std::printf("[ NVE %s ] %d atoms, %d steps of 0.25 fs: drift %.3e eV/atom, max |dE| %.3e eV, <KE> %.4f eV\n",
                c.name.c_str(), L.natoms(), nsteps, drift, maxdev, ke_mean);
  ::testing::Test::RecordProperty("drift_eV_per_atom", std::to_string(drift));
  EXPECT_LT(std::abs(drift), c.max_drift);
  EXPECT_LT(maxdev, c.max_dev);
}

INSTANTIATE_TEST_SUITE_P(Systems, Nve,
                         ::testing::Values(NveCase{"h2o", {{"h2o", 2}}, {"nve_h2o.json"}, 0},
                                           NveCase{"lih", {{"lih", 2}}, {"nve_lih.json"}, 0},
                                           NveCase{"nh3", {{"nh3", 2}}, {"nve_nh3.json"}, 0},
                                           NveCase{"water_dimer", {{"h2o", 2}}, {"water_dimer.json"}, 9.0, 2e-3, 2e-4},
                                           // many-body expansion, O-O distances across the switching shell
                                           NveCase{"mbe_h2o4", {{"h2o", 4}}, {"nve_h2o.json", "water_dimer_int.json"},
                                                   9.0, 5e-4, 5e-5, " mbe 2.9 3.4", 4000},
                                           // shipped (trained) potentials, when present
                                           NveCase{"shipped_h2o", {{"h2o", 2}}, {"@h2o.json"}, 0},
                                           NveCase{"shipped_lih", {{"lih", 2}}, {"@lih.json"}, 0},
                                           NveCase{"shipped_nh3", {{"nh3", 2}}, {"@nh3.json"}, 0},
                                           NveCase{"shipped_water_dimer", {{"h2o", 2}}, {"@water_dimer.json"}, 9.0, 2e-3, 2e-4}),
                         [](const ::testing::TestParamInfo<NveCase>& i) { return i.param.name; });

// ---------------------------------------------------------------- qmlplugin.so
// lammpsplugin_t as in LAMMPS's src/PLUGIN/lammpsplugin.h
extern "C" {
typedef struct {
  const char *version, *style, *name, *info, *author;
  union {
    void* (*v1)(void*);
    void* (*v2)(void*, int, char**);
  } creator;
  void* handle;
} test_plugin_t;
}
test_plugin_t g_plugin;
extern "C" void capture_plugin(test_plugin_t* p, void*) { g_plugin = *p; }

TEST(Plugin, LoadsAndMatchesBuiltinStyle) {
  void* h = dlopen(QML_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(h, nullptr) << dlerror();
  auto init = reinterpret_cast<void (*)(void*, void*, void*)>(dlsym(h, "lammpsplugin_init"));
  ASSERT_NE(init, nullptr);
  const System s = make_system({{"h2o", 8}}, 30.0, 21);
  const std::string data = g_dir + "/data_plugin_np" + std::to_string(g_np) + ".data";
  Lmp A, B;
  init(B.lmp, h, reinterpret_cast<void*>(&capture_plugin));
  EXPECT_STREQ(g_plugin.style, "pair");
  EXPECT_STREQ(g_plugin.name, "qml");
  EXPECT_STREQ(g_plugin.version, B.lmp->version);
  // what `plugin load` does: put the creator into the pair style table
  (*B.lmp->force->pair_map)["qml"] = reinterpret_cast<LAMMPS_NS::Force::PairCreator>(g_plugin.creator.v1);
  setup(A, s, data, {"h2o.json"});
  setup(B, s, data, {"h2o.json"});
  A.cmd("run 0 post no");
  B.cmd("run 0 post no");
  EXPECT_EQ(A.pair_energy(), B.pair_energy());
  EXPECT_EQ(A.forces(), B.forces());
}

// ---------------------------------------------------------------- 1 vs 2 ranks
TEST(CompareRanks, OneVersusTwo) {
  if (g_np != 1) GTEST_SKIP() << "run by the serial test";
  const std::vector<std::string> names = {"h2o64",           "mixed",     "lih27",     "nh3_27",   "dimer",
                                          "empty_subdomain", "mbe_h2o27", "mbe_h2o64", "mbe_mixed"};
  std::size_t compared = 0;
  for (const std::string& name : names) {
    std::ifstream a(g_dir + "/results_" + name + "_np1.txt");
    std::ifstream b(g_dir + "/results_" + name + "_np2.txt");
    if (!a || !b) {
      ADD_FAILURE() << "missing results of " << name << " from 1 or 2 ranks: run pair_qml_np1 and pair_qml_np2 first";
      continue;
    }
    double va, vb;
    int k = 0;
    while (a >> va) {
      ASSERT_TRUE(static_cast<bool>(b >> vb)) << name;
      ASSERT_NEAR(va, vb, 1e-10 * std::max(1.0, std::abs(va))) << name << " value " << k;
      ++k;
    }
    ++compared;
  }
  EXPECT_EQ(compared, names.size());
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
