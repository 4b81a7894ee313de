// The geometry rules shared by `qmlff eval`, training data and pair style qml
// (geom/atom_distances.h) and the widths of periodic cells (geom/periodic_box.h).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "geom/atom_distances.h"
#include "geom/periodic_box.h"

using namespace qmlff;

TEST(AtomDistances, CoincidingAtomsComeFirst) {
  const std::vector<Vec3> p = {{0, 0, 0}, {10, 0, 0}, {10, 0, 0}};
  const auto problem = find_atom_pair_problem(p.data(), 3, 4.0);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, AtomPairProblem::Kind::Coincide);
  EXPECT_EQ(problem->a, 1);
  EXPECT_EQ(problem->b, 2);
  EXPECT_EQ(problem->distance, 0.0);
}

TEST(AtomDistances, BeyondCutoffNamesThePairAndDistance) {
  const std::vector<Vec3> p = {{0, 0, 0}, {0.96, 0, 0}, {0, 0, 10}};
  const auto problem = find_atom_pair_problem(p.data(), 3, 4.0);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, AtomPairProblem::Kind::BeyondCutoff);
  EXPECT_EQ(problem->a, 0);
  EXPECT_EQ(problem->b, 2);
  EXPECT_DOUBLE_EQ(problem->distance, 10.0);
  EXPECT_FALSE(find_atom_pair_problem(p.data(), 3, 0.0));  // cutoff 0: coincidence only
  const std::vector<Vec3> nan_pos = {{0, 0, 0}, {NAN, 0, 0}};
  EXPECT_TRUE(find_atom_pair_problem(nan_pos.data(), 2, 0.0));  // never a silent NaN
}

TEST(AtomDistances, LargestDistance) {
  const std::vector<Vec3> p = {{0, 0, 0}, {0.9572, 0, 0}, {-0.2399, 0.9267, 0}};
  int a = -1, b = -1;
  EXPECT_NEAR(largest_atom_distance(p.data(), 3, a, b), std::hypot(1.1971, 0.9267), 1e-12);
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
  // two molecules: only pairs within one molecule count (a dimer may span half the box)
  const std::vector<Vec3> dimer = {{0, 0, 0}, {0.96, 0, 0}, {5, 0, 0}, {5, 1.5, 0}};
  const std::int64_t mol[] = {7, 7, 9, 9};
  EXPECT_NEAR(largest_atom_distance(dimer.data(), 4, a, b, mol), 1.5, 1e-15);
  EXPECT_EQ(a, 2);
  EXPECT_EQ(b, 3);
  EXPECT_NEAR(largest_atom_distance(dimer.data(), 4, a, b), std::hypot(5.0, 1.5), 1e-15);
}

TEST(PeriodicBox, FaceWidthsOfOrthogonalAndTriclinicCells) {
  const auto w = cell_face_widths({3.0, 4.0, 5.0, 0.0, 0.0, 0.0});
  EXPECT_DOUBLE_EQ(w[0], 3.0);
  EXPECT_DOUBLE_EQ(w[1], 4.0);
  EXPECT_DOUBLE_EQ(w[2], 5.0);
  // yz tilt: the faces normal to y come closer, x and z stay
  const auto t = cell_face_widths({3.2, 3.2, 3.2, 1.6, 0.0, 0.0});
  EXPECT_NEAR(t[0], 3.2, 1e-14);
  EXPECT_NEAR(t[1], 3.2 * 3.2 / std::hypot(3.2, 1.6), 1e-14);
  EXPECT_NEAR(t[2], 3.2, 1e-14);
  // general cell: width_i = V / |b x c| etc., checked against the explicit cross products
  const double lx = 4, ly = 5, lz = 6, yz = 1.5, xz = -1, xy = 2;
  const double a[3] = {lx, 0, 0}, b[3] = {xy, ly, 0}, c[3] = {xz, yz, lz};
  auto cross_norm = [](const double* u, const double* v) {
    return std::sqrt(std::pow(u[1] * v[2] - u[2] * v[1], 2) + std::pow(u[2] * v[0] - u[0] * v[2], 2) +
                     std::pow(u[0] * v[1] - u[1] * v[0], 2));
  };
  const double vol = lx * ly * lz;
  const auto g = cell_face_widths({lx, ly, lz, yz, xz, xy});
  EXPECT_NEAR(g[0], vol / cross_norm(b, c), 1e-12);
  EXPECT_NEAR(g[1], vol / cross_norm(c, a), 1e-12);
  EXPECT_NEAR(g[2], vol / cross_norm(a, b), 1e-12);
}
