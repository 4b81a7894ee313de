#include "interface/atomic_cell.h"

#include <cmath>
#include <map>
#include <tuple>

#include "core/error.h"

namespace qmlff {

namespace {

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

}  // namespace

AtomicCellResult evaluate_atomic_cell(AtomicAssembler& assembler, const std::vector<Vec3>& positions,
                                      const std::vector<int>& species, const std::array<Vec3, 3>& cell,
                                      const std::array<bool, 3>& pbc) {
  const int n = static_cast<int>(positions.size());
  const double rc = assembler.cutoff();
  // Images needed along vector k: enough that n_k widths (face distances) exceed the cutoff.
  std::array<int, 3> reach{0, 0, 0};
  const double volume = std::abs(dot(cell[0], cross(cell[1], cell[2])));
  for (int k = 0; k < 3; ++k) {
    if (!pbc[k]) continue;
    const double area = std::sqrt(dot(cross(cell[(k + 1) % 3], cell[(k + 2) % 3]), cross(cell[(k + 1) % 3], cell[(k + 2) % 3])));
    if (!(volume > 1e-9 * area * area) || !(area > 0.0))
      throw Error("periodic cell: its vectors are (nearly) linearly dependent; give a cell with a volume");
    // positions are wrapped into the cell below, so two atoms differ by less than one cell
    // vector along k: one more image than rc / width covers every pair within rc
    reach[k] = static_cast<int>(std::ceil(rc / (volume / area))) + 1;
  }
  // Wrap into the cell along the periodic vectors (a lattice translation of an atom changes
  // nothing: only displacements enter energy, forces and virial). Fractional f = x C^-1.
  const Vec3 bc = cross(cell[1], cell[2]), ca = cross(cell[2], cell[0]), ab = cross(cell[0], cell[1]);
  const double det = dot(cell[0], bc);
  std::vector<Vec3> wrapped = positions;
  if (pbc[0] || pbc[1] || pbc[2])
    for (Vec3& p : wrapped) {
      std::array<double, 3> f{dot(p, bc) / det, dot(p, ca) / det, dot(p, ab) / det};
      for (int k = 0; k < 3; ++k) {
        if (!pbc[k]) continue;
        const double shift = std::floor(f[k]);
        for (int x = 0; x < 3; ++x) p[x] -= shift * cell[k][x];
      }
    }
  // Ghosts: (atom, image shift) pairs within the cutoff of some atom, numbered after the atoms.
  std::map<std::tuple<int, int, int, int>, int> ghost_of;
  std::vector<int> owner(n), all_species(species);
  for (int i = 0; i < n; ++i) owner[i] = i;
  struct Pair {
    int i, j;
    Vec3 d;
  };
  std::vector<Pair> pairs;
  const double rc2 = rc * rc;
  for (int s0 = -reach[0]; s0 <= reach[0]; ++s0)
    for (int s1 = -reach[1]; s1 <= reach[1]; ++s1)
      for (int s2 = -reach[2]; s2 <= reach[2]; ++s2) {
        Vec3 shift;
        for (int x = 0; x < 3; ++x) shift[x] = s0 * cell[0][x] + s1 * cell[1][x] + s2 * cell[2][x];
        const bool home = s0 == 0 && s1 == 0 && s2 == 0;
        for (int j = 0; j < n; ++j)
          for (int i = 0; i < n; ++i) {
            if (home && i == j) continue;
            Vec3 d;
            for (int x = 0; x < 3; ++x) d[x] = wrapped[j][x] + shift[x] - wrapped[i][x];
            if (dot(d, d) >= rc2) continue;
            int jj = j;
            if (!home) {
              auto [it, added] = ghost_of.try_emplace({j, s0, s1, s2}, static_cast<int>(owner.size()));
              if (added) {
                owner.push_back(j);
                all_species.push_back(species[j]);
              }
              jj = it->second;
            }
            pairs.push_back({i, jj, d});
          }
      }
  const int nall = static_cast<int>(owner.size());
  std::vector<std::int64_t> tag(nall);
  for (int k = 0; k < nall; ++k) tag[k] = owner[k] + 1;
  assembler.set_local_atoms(n, nall, tag.data(), all_species.data());
  for (const Pair& p : pairs) assembler.add_neighbour(p.i, p.j, p.d[0], p.d[1], p.d[2]);
  assembler.compute(false);
  AtomicCellResult r;
  r.energy = assembler.energy();
  r.virial = assembler.virial();
  r.forces.assign(n, Vec3{0.0, 0.0, 0.0});
  r.atom_energies.resize(n);
  for (int k = 0; k < nall; ++k)
    for (int x = 0; x < 3; ++x) r.forces[owner[k]][x] += assembler.force(k)[x];
  for (int i = 0; i < n; ++i) r.atom_energies[i] = assembler.atom_energy(i);
  return r;
}

}  // namespace qmlff
