#include "interface/atomic_cell.h"

#include "interface/full_neighbour_list.h"
#include "interface/periodic_images.h"

namespace qmlff {

AtomicCellResult evaluate_atomic_cell(AtomicAssembler& assembler, const std::vector<Vec3>& positions,
                                      const std::vector<int>& species, const std::array<Vec3, 3>& cell,
                                      const std::array<bool, 3>& pbc) {
  const int n = static_cast<int>(positions.size());
  // The atoms wrapped into the cell, then their images within the cutoff of the cell: every
  // image within the cutoff of an atom (interface/periodic_images.h, as the Python mbe path).
  PeriodicImages images;
  images.build(positions.data(), n, Cell{cell, pbc}, assembler.cutoff());
  const int nall = images.n_all();
  std::vector<int> all_species(nall);
  std::vector<std::int64_t> tag(nall);
  for (int k = 0; k < nall; ++k) {
    all_species[k] = species[images.owner(k)];
    tag[k] = images.owner(k) + 1;
  }
  const std::vector<Vec3>& x = images.x();
  FullNeighbourList list;
  list.build(n, nall, x.data()->data(), all_species.data(), assembler.cutoff());
  assembler.set_local_atoms(n, nall, tag.data(), all_species.data());
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < list.count(i); ++k) {
      const int j = list.neighbours(i)[k];
      assembler.add_neighbour(i, j, x[j][0] - x[i][0], x[j][1] - x[i][1], x[j][2] - x[i][2]);
    }
  assembler.compute(false);
  AtomicCellResult r;
  r.energy = assembler.energy();
  r.virial = assembler.virial();
  r.forces.assign(n, Vec3{0.0, 0.0, 0.0});
  r.atom_energies.resize(n);
  for (int k = 0; k < nall; ++k)
    for (int c = 0; c < 3; ++c) r.forces[images.owner(k)][c] += assembler.force(k)[c];
  for (int i = 0; i < n; ++i) r.atom_energies[i] = assembler.atom_energy(i);
  return r;
}

}  // namespace qmlff
