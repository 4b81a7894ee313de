#pragma once
// Test helpers for atom-centred models (header-only, no LAMMPS): a random-parameter model
// and a brute-force reference for a periodic (or open) cell that sums over explicit
// images of every neighbour, independent of AtomicAssembler and of LAMMPS's ghost atoms.
#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "models/atomic_builder.h"
#include "models/atomic_evaluator.h"

namespace qmlff_test {

using qmlff::Vec3;

// The typical size: 4 vector + 2 scalar channels, depth 4, 8 Gaussians.
inline qmlff::AtomicModel random_atomic_model(unsigned seed, std::vector<std::string> species, double cutoff = 4.0) {
  qmlff::AtomicBuilderOptions o;
  o.species = std::move(species);
  o.basis.n = 8;
  o.basis.r_min = 0.7;
  o.basis.cutoff = cutoff;
  o.basis.width = 0.5;
  o.vector_channels = 4;
  o.scalar_channels = 2;
  o.layers = 4;
  qmlff::AtomicModel m = qmlff::build_atomic_model(o);
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd(0.0, 0.5);
  for (double& p : m.parameters) p += nd(rng);
  for (int s = 0; s < m.n_species(); ++s) {
    m.centres[s].scale = 0.3 + 0.1 * s;
    m.centres[s].e0 = -5.0 * (s + 1);
  }
  m.name = "test-atomic";
  return m;
}

struct PeriodicReference {
  double energy = 0.0;
  std::vector<double> atom_energy;
  std::vector<Vec3> forces;
  std::array<double, 6> virial{};                   // LAMMPS order xx yy zz xy xz yz
  std::vector<std::array<double, 6>> atom_virial;   // half of each neighbour term to i and j
};

// cell: lattice vectors (rows); periodic[c] false: no images along vector c.
inline PeriodicReference periodic_reference(const qmlff::AtomicModel& model, const std::vector<Vec3>& x,
                                            const std::vector<int>& species, const std::array<Vec3, 3>& cell,
                                            const std::array<bool, 3>& periodic = {true, true, true}) {
  auto cross = [](const Vec3& a, const Vec3& b) {
    return Vec3{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  };
  auto norm = [](const Vec3& a) { return std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]); };
  const Vec3 bc = cross(cell[1], cell[2]);
  const double vol = std::abs(cell[0][0] * bc[0] + cell[0][1] * bc[1] + cell[0][2] * bc[2]);
  const double rc = model.cutoff();
  int m[3];
  for (int c = 0; c < 3; ++c) {
    const double h = vol / norm(cross(cell[(c + 1) % 3], cell[(c + 2) % 3]));  // layer thickness
    m[c] = periodic[c] ? static_cast<int>(std::ceil(rc / h)) + 1 : 0;
  }
  const int n = static_cast<int>(x.size());
  PeriodicReference r;
  r.atom_energy.assign(n, 0.0);
  r.forces.assign(n, Vec3{0, 0, 0});
  r.atom_virial.assign(n, std::array<double, 6>{});
  qmlff::AtomicEvaluator ev(model);
  for (int i = 0; i < n; ++i) {
    std::vector<qmlff::AtomicNeighbour> nb;
    std::vector<int> owner;
    for (int j = 0; j < n; ++j)
      for (int a = -m[0]; a <= m[0]; ++a)
        for (int b = -m[1]; b <= m[1]; ++b)
          for (int c = -m[2]; c <= m[2]; ++c) {
            if (j == i && a == 0 && b == 0 && c == 0) continue;
            Vec3 d;
            for (int k = 0; k < 3; ++k)
              d[k] = x[j][k] + a * cell[0][k] + b * cell[1][k] + c * cell[2][k] - x[i][k];
            if (norm(d) >= rc) continue;
            nb.push_back({species[j], d});
            owner.push_back(j);
          }
    std::vector<Vec3> g(nb.size());
    const double e = ev.atom(species[i], nb.data(), static_cast<int>(nb.size()), g.data());
    r.energy += e;
    r.atom_energy[i] = e;
    for (std::size_t k = 0; k < nb.size(); ++k) {
      const Vec3& d = nb[k].d;
      for (int c = 0; c < 3; ++c) {
        r.forces[i][c] += g[k][c];
        r.forces[owner[k]][c] -= g[k][c];
      }
      const double w[6] = {-d[0] * g[k][0], -d[1] * g[k][1], -d[2] * g[k][2],
                           -d[0] * g[k][1], -d[0] * g[k][2], -d[1] * g[k][2]};
      for (int c = 0; c < 6; ++c) {
        r.virial[c] += w[c];
        r.atom_virial[i][c] += 0.5 * w[c];
        r.atom_virial[owner[k]][c] += 0.5 * w[c];
      }
    }
  }
  return r;
}

}  // namespace qmlff_test
