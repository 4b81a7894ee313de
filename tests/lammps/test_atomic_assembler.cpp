// AtomicAssembler and FullNeighbourList without LAMMPS: a molecule against
// AtomicEvaluator::structure(), and a mock rank of a periodic (triclinic) cell, with ghost
// atoms as explicit images, against the brute-force periodic reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "atomic_reference.h"
#include "core/error.h"
#include "interface/atomic_assembler.h"
#include "interface/full_neighbour_list.h"

using namespace qmlff;
using qmlff_test::periodic_reference;
using qmlff_test::random_atomic_model;

namespace {

// Two waters and a methanol-like fragment (species H = 0, O = 1, C = 2).
const std::vector<Vec3> kMolecule = {{0, 0, 0},        {0.96, 0, 0},     {-0.24, 0.93, 0},   {2.9, 0.1, 0.2},
                                     {3.4, 0.8, 0.6},  {3.3, -0.7, 0.5}, {0.5, 2.8, -0.4},   {1.9, 2.7, -0.2},
                                     {0.1, 3.8, -0.3}, {0.2, 2.4, -1.4}, {0.2, 2.3, 0.5}};
const std::vector<int> kSpecies = {1, 0, 0, 1, 0, 0, 2, 1, 0, 0, 0};

// One rank: owned atoms [0, n) then ghosts; ghost k is an image of owner[k].
struct MockRank {
  std::vector<double> x;  // flat
  std::vector<int> species, owner;
  std::vector<std::int64_t> tag;
  int nlocal = 0;
  void add(const Vec3& r, int s, int own) {
    x.insert(x.end(), r.begin(), r.end());
    species.push_back(s);
    owner.push_back(own);
    tag.push_back(own + 1);
  }
  int nall() const { return static_cast<int>(species.size()); }
};

// Full list with `reach`, filtered into the assembler as the pair style does.
void feed(AtomicAssembler& a, const MockRank& m, double reach, bool atom_virial) {
  FullNeighbourList list;
  list.build(m.nlocal, m.nall(), m.x.data(), m.species.data(), reach);
  a.set_local_atoms(m.nlocal, m.nall(), m.tag.data(), m.species.data());
  for (int i = 0; i < m.nlocal; ++i)
    for (int k = 0; k < list.count(i); ++k) {
      const int j = list.neighbours(i)[k];
      a.add_neighbour(i, j, m.x[3 * j] - m.x[3 * i], m.x[3 * j + 1] - m.x[3 * i + 1], m.x[3 * j + 2] - m.x[3 * i + 2]);
    }
  a.compute(atom_virial);
}

TEST(AtomicAssembler, MoleculeMatchesStructure) {
  const AtomicModel model = random_atomic_model(3, {"H", "O", "C"});
  MockRank m;
  for (std::size_t a = 0; a < kMolecule.size(); ++a) m.add(kMolecule[a], kSpecies[a], static_cast<int>(a));
  m.nlocal = m.nall();
  AtomicAssembler asmb(model);
  feed(asmb, m, model.cutoff() + 1.0, true);
  AtomicEvaluator ev(model);
  const int n = m.nlocal;
  std::vector<Vec3> f(n);
  std::vector<double> ea(n);
  std::array<double, 6> w{};
  const double e = ev.structure(kMolecule.data(), kSpecies.data(), n, f.data(), &w, ea.data());
  EXPECT_NEAR(asmb.energy(), e, 1e-12 * std::abs(e));
  EXPECT_EQ(asmb.n_evaluated(), n);
  double fmax = 0;
  std::array<double, 6> wsum{};
  for (int i = 0; i < n; ++i) {
    EXPECT_NEAR(asmb.atom_energy(i), ea[i], 1e-12);
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(asmb.force(i)[c], f[i][c], 1e-12);
      fmax = std::max(fmax, std::abs(f[i][c]));
    }
    for (int c = 0; c < 6; ++c) wsum[c] += asmb.atom_virial(i)[c];
  }
  EXPECT_GT(fmax, 1e-2);
  for (int c = 0; c < 6; ++c) {
    EXPECT_NEAR(asmb.virial()[c], w[c], 1e-12);
    EXPECT_NEAR(wsum[c], w[c], 1e-12);
  }
}

// A triclinic cell smaller than twice the cutoff (atoms see several images of one
// neighbour), split over two mock ranks: each owns half the atoms and sees the rest, and
// every image within the reach, as ghosts.
TEST(AtomicAssembler, PeriodicCellOnTwoMockRanksMatchesImageSum) {
  const AtomicModel model = random_atomic_model(5, {"H", "O"});
  const std::array<Vec3, 3> cell = {Vec3{6.0, 0, 0}, Vec3{1.2, 5.5, 0}, Vec3{-0.8, 0.9, 5.8}};
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<Vec3> x;
  std::vector<int> sp;
  while (x.size() < 14) {  // random positions at least 0.7 A apart (minimum image)
    Vec3 r{0, 0, 0};
    const double s[3] = {u(rng), u(rng), u(rng)};
    for (int c = 0; c < 3; ++c)
      for (int k = 0; k < 3; ++k) r[k] += s[c] * cell[c][k];
    bool ok = true;
    for (auto& y : x)
      for (int a = -1; a <= 1; ++a)
        for (int b = -1; b <= 1; ++b)
          for (int c = -1; c <= 1; ++c) {
            double d2 = 0;
            for (int k = 0; k < 3; ++k) {
              const double d = r[k] - y[k] + a * cell[0][k] + b * cell[1][k] + c * cell[2][k];
              d2 += d * d;
            }
            ok = ok && d2 > 0.49;
          }
    if (!ok) continue;
    x.push_back(r);
    sp.push_back(x.size() % 3 == 0 ? 1 : 0);
  }
  const int n = static_cast<int>(x.size());
  const auto ref = periodic_reference(model, x, sp, cell);
  const double reach = model.cutoff() + 1.0;  // cutoff + skin

  double energy = 0;
  int evaluated = 0;
  std::vector<Vec3> f(n, Vec3{0, 0, 0});
  std::array<double, 6> w{}, w_fdotr{}, w_atoms{};
  for (int rank = 0; rank < 2; ++rank) {
    MockRank m;
    std::vector<int> mine, others;
    for (int a = 0; a < n; ++a) (a % 2 == rank ? mine : others).push_back(a);
    for (int a : mine) m.add(x[a], sp[a], a);
    m.nlocal = m.nall();
    for (int pass = 0; pass < 2; ++pass)  // the other rank's atoms (image 0), then images
      for (int a = 0; a < n; ++a)
        for (int i = -2; i <= 2; ++i)
          for (int j = -2; j <= 2; ++j)
            for (int k = -2; k <= 2; ++k) {
              const bool zero = i == 0 && j == 0 && k == 0;
              if ((pass == 0) != zero || (zero && a % 2 == rank)) continue;
              Vec3 r;
              for (int c = 0; c < 3; ++c) r[c] = x[a][c] + i * cell[0][c] + j * cell[1][c] + k * cell[2][c];
              m.add(r, sp[a], a);
            }
    AtomicAssembler asmb(model);
    feed(asmb, m, reach, true);
    energy += asmb.energy();
    evaluated += asmb.n_evaluated();
    for (int i = 0; i < m.nlocal; ++i) EXPECT_NEAR(asmb.atom_energy(i), ref.atom_energy[m.owner[i]], 1e-12);
    for (int g = 0; g < m.nall(); ++g)
      for (int c = 0; c < 3; ++c) f[m.owner[g]][c] += asmb.force(g)[c];
    for (int c = 0; c < 6; ++c) w[c] += asmb.virial()[c];
    for (int g = 0; g < m.nall(); ++g) {
      const double* r = &m.x[3 * g];
      const Vec3& fg = asmb.force(g);
      const double v[6] = {r[0] * fg[0], r[1] * fg[1], r[2] * fg[2], r[0] * fg[1], r[0] * fg[2], r[1] * fg[2]};
      for (int c = 0; c < 6; ++c) {
        w_fdotr[c] += v[c];
        w_atoms[c] += asmb.atom_virial(g)[c];
      }
    }
  }
  EXPECT_EQ(evaluated, n);
  EXPECT_NEAR(energy, ref.energy, 1e-11);
  double fmax = 0;
  for (int a = 0; a < n; ++a)
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(f[a][c], ref.forces[a][c], 1e-11) << "atom " << a;
      fmax = std::max(fmax, std::abs(f[a][c]));
    }
  EXPECT_GT(fmax, 1e-2);
  for (int c = 0; c < 6; ++c) {
    EXPECT_NEAR(w[c], ref.virial[c], 1e-10);
    EXPECT_NEAR(w_fdotr[c], ref.virial[c], 1e-10);
    EXPECT_NEAR(w_atoms[c], ref.virial[c], 1e-10);
  }
}

TEST(FullNeighbourList, EqualsAllPairsWithinReach) {
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(-6, 6);
  const int n_all = 300, n_centres = 120;
  std::vector<double> x(3 * n_all);
  for (double& v : x) v = u(rng);
  x[3 * 299] = 400.0;  // one far atom: wide bins, memory stays O(N)
  std::vector<int> sp(n_all, 0);
  sp[7] = sp[150] = -1;  // not handled
  FullNeighbourList list;
  const double reach = 2.5;
  list.build(n_centres, n_all, x.data(), sp.data(), reach);
  for (int i = 0; i < n_centres; ++i) {
    std::set<int> expected, got(list.neighbours(i), list.neighbours(i) + list.count(i));
    EXPECT_EQ(got.size(), static_cast<std::size_t>(list.count(i))) << "duplicates";
    if (sp[i] >= 0)
      for (int j = 0; j < n_all; ++j) {
        double r2 = 0;
        for (int c = 0; c < 3; ++c) r2 += (x[3 * j + c] - x[3 * i + c]) * (x[3 * j + c] - x[3 * i + c]);
        if (j != i && sp[j] >= 0 && r2 < reach * reach) expected.insert(j);
      }
    EXPECT_EQ(got, expected) << "centre " << i;
  }
}

TEST(AtomicAssembler, CoincidentAtomsNameTheirIds) {
  const AtomicModel model = random_atomic_model(3, {"H", "O"});
  MockRank m;
  m.add({0, 0, 0}, 1, 0);
  m.add({1, 0, 0}, 0, 1);
  m.add({0, 0, 0}, 0, 6);  // atom ID 7 on atom ID 1
  m.nlocal = 3;
  AtomicAssembler asmb(model);
  try {
    feed(asmb, m, 5.0, false);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("atom 1 (O) and atom 7 (H) coincide"), std::string::npos) << msg;
  }
}

TEST(AtomicAssembler, UnhandledAtomsAreIgnored) {
  const AtomicModel model = random_atomic_model(3, {"H", "O"});
  MockRank m;
  const std::vector<Vec3> w = {{0, 0, 0}, {0.96, 0, 0}, {-0.24, 0.93, 0}};
  for (int a = 0; a < 3; ++a) m.add(w[a], a == 0 ? 1 : 0, a);
  m.add({0.3, 0.3, 0.3}, -1, 3);  // e.g. a NULL type under hybrid/overlay
  m.nlocal = 4;
  AtomicAssembler asmb(model);
  feed(asmb, m, 5.0, false);
  AtomicEvaluator ev(model);
  const int sp[3] = {1, 0, 0};
  EXPECT_NEAR(asmb.energy(), ev.structure(w.data(), sp, 3, nullptr), 1e-12);
  EXPECT_EQ(asmb.n_evaluated(), 3);
  EXPECT_EQ(asmb.force(3)[0], 0.0);
}

}  // namespace
