// Whole systems without LAMMPS: PeriodicImages (wrapping, ghost copies, closest images in a
// triclinic cell) and SystemEvaluator (molecules as fragments, as the pair style does). The
// comparison with lmp_qml itself is in tests/python/test_ase_vs_lammps.py.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"
#include "interface/periodic_images.h"
#include "interface/system_evaluator.h"
#include "io/potential_file.h"

using namespace qmlff;

namespace {

const Cell kTriclinic{{{{5.0, 0.0, 0.0}, {1.5, 4.5, 0.0}, {-1.0, 0.7, 5.5}}}, {true, true, true}};

double dist2(const Vec3& a, const Vec3& b) {
  return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]);
}

// the water of examples/h2o/in.nve, shifted
std::vector<Vec3> water(const Vec3& s) {
  return {{s[0], s[1], s[2]}, {s[0] + 0.9572, s[1], s[2]}, {s[0] - 0.239987, s[1] + 0.926627, s[2] + 0.05}};
}

}  // namespace

TEST(PeriodicImages, ClosestImageIsTheMinimumImageInATriclinicCell) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-3.0, 8.0);
  std::vector<Vec3> x(20);
  for (auto& p : x) p = {u(rng), u(rng), u(rng)};  // many outside the cell
  PeriodicImages im;
  im.build(x.data(), 20, kTriclinic, 6.0);
  EXPECT_GT(im.n_all(), 20 * 8);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(im.map(i + 1), i);
    EXPECT_EQ(im.owner(i), i);
    for (int j = 0; j < 20; ++j) {
      // brute force over lattice shifts of the original positions
      double best = 1e300;
      for (int a = -4; a <= 4; ++a)
        for (int b = -4; b <= 4; ++b)
          for (int c = -4; c <= 4; ++c) {
            Vec3 y = x[j];
            for (int d = 0; d < 3; ++d)
              y[d] += a * kTriclinic.vectors[0][d] + b * kTriclinic.vectors[1][d] + c * kTriclinic.vectors[2][d];
            Vec3 xi = x[i];  // i's wrapped image differs from x[i] by a lattice vector
            best = std::min(best, dist2(xi, y));
          }
      const int k = im.closest_image(i, j);
      EXPECT_EQ(im.owner(k), j);
      EXPECT_NEAR(dist2(im.x()[i], im.x()[k]), best, 1e-9) << i << " " << j;
    }
  }
}

TEST(PeriodicImages, NonPeriodicDirectionsAreNotCopied) {
  Cell slab = kTriclinic;
  slab.pbc = {true, false, false};
  const std::vector<Vec3> x{{1.0, 1.0, 1.0}, {20.0, -30.0, 40.0}};
  PeriodicImages im;
  im.build(x.data(), 2, slab, 4.0);
  // shifts along a1 only, within 4 A of the cell: 4 / 5 -> one image each side
  EXPECT_EQ(im.n_all(), 2 * 3);
  const Cell none{};
  im.build(x.data(), 2, none, 4.0);
  EXPECT_EQ(im.n_all(), 2);
  EXPECT_EQ(im.x()[1], x[1]);  // not wrapped
  Cell flat = kTriclinic;
  flat.vectors[2] = {0.0, 0.0, 0.0};
  EXPECT_THROW(im.build(x.data(), 2, flat, 4.0), Error);
}

TEST(SystemEvaluator, MoleculesAcrossTheBoundaryEqualSingleFragments) {
  const FragmentModel h2o = load_potential_file(std::string(QMLFF_SOURCE_DIR) + "/potentials/h2o.json");
  FragmentEvaluator single(h2o);
  SystemEvaluator sys({h2o}, SystemOptions{});
  // two waters, the second across the cell's corner (wrapped it is split over the cell)
  std::vector<Vec3> x = water({1.0, 1.0, 1.0});
  for (const Vec3& p : water({-0.3, -0.2, -0.1})) x.push_back(p);
  const std::vector<int> species{0, 1, 1, 0, 1, 1};
  const std::vector<std::int64_t> mol{1, 1, 1, 2, 2, 2};
  std::vector<double> f(18), e_atom(6), w(6);
  const double e = sys.compute(6, &x[0][0], species.data(), mol.data(), kTriclinic, f.data(), w.data(), e_atom.data());
  EXPECT_EQ(sys.n_terms(), 2);
  Vec3 f1[3], f2[3];
  Virial6 w1, w2;
  const double e1 = single.energy_forces(&x[0], f1, &w1);
  const double e2 = single.energy_forces(&x[3], f2, &w2);
  EXPECT_NEAR(e, e1 + e2, 1e-10);
  for (int a = 0; a < 3; ++a)
    for (int d = 0; d < 3; ++d) {
      EXPECT_NEAR(f[3 * a + d], f1[a][d], 1e-11);
      EXPECT_NEAR(f[9 + 3 * a + d], f2[a][d], 1e-11);
    }
  for (int c = 0; c < 6; ++c) EXPECT_NEAR(w[c], w1[c] + w2[c], 1e-11);
  for (int a = 0; a < 6; ++a) EXPECT_NEAR(e_atom[a], (a < 3 ? e1 : e2) / 3.0, 1e-11);
}

TEST(SystemEvaluator, RefusesWhatThePairStyleRefuses) {
  const FragmentModel h2o = load_potential_file(std::string(QMLFF_SOURCE_DIR) + "/potentials/h2o.json");
  SystemOptions mbe;
  mbe.many_body = true;
  mbe.r_s = 4.5;
  mbe.r_c = 5.5;
  EXPECT_THROW(SystemEvaluator({h2o}, mbe), Error);  // no two-body model
  FragmentModel tilted = h2o;
  tilted.symmetries = {"translation"};
  EXPECT_THROW(SystemEvaluator({tilted}, SystemOptions{}), Error);
  SystemOptions allow;
  allow.allow_noninvariant = true;
  EXPECT_NO_THROW(SystemEvaluator({tilted}, allow));
  SystemEvaluator sys({h2o}, SystemOptions{});
  const std::vector<Vec3> x = water({0.0, 0.0, 0.0});
  const std::vector<int> species{0, 1, 1};
  std::vector<double> f(9), w(6);
  const std::vector<std::int64_t> zero{1, 0, 1};
  try {
    sys.compute(3, &x[0][0], species.data(), zero.data(), Cell{}, f.data(), w.data(), nullptr);
    FAIL() << "molecule ID 0 accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("atom 2 has molecule ID 0"), std::string::npos) << e.what();
  }
}
