#include "interface/atomic_assembler.h"

#include <cmath>

#include "core/error.h"

namespace qmlff {

AtomicAssembler::AtomicAssembler(const AtomicModel& model) : evaluator_(model) {}

std::string AtomicAssembler::atom_name(int i) const {
  if (tag_) return "atom " + std::to_string(tag_[i]);
  return "local atom " + std::to_string(i);
}

void AtomicAssembler::set_local_atoms(int nlocal, int nall, const std::int64_t* tag, const int* species) {
  QMLFF_REQUIRE(nlocal >= 0 && nall >= nlocal, "atomic assembler: need 0 <= nlocal <= nall");
  nlocal_ = nlocal;
  nall_ = nall;
  tag_ = tag;
  species_ = species;
  entries_.clear();
}

void AtomicAssembler::add_neighbour(int i, int j, double dx, double dy, double dz) {
  if (species_[i] < 0 || species_[j] < 0 || i == j) return;
  const double r2 = dx * dx + dy * dy + dz * dz;
  if (r2 == 0.0)
    throw Error(atom_name(i) + " (" + model().species[species_[i]] + ") and " + atom_name(j) + " (" +
                model().species[species_[j]] +
                ") coincide (distance 0): an atom-centred model needs distinct positions; check the data "
                "file for duplicated atoms");
  const double rc = cutoff();
  if (r2 >= rc * rc) return;
  entries_.push_back({i, j, {dx, dy, dz}});
}

void AtomicAssembler::compute(bool want_atom_virial) {
  energy_ = 0.0;
  n_evaluated_ = 0;
  virial_.fill(0.0);
  atom_energy_.assign(nlocal_, 0.0);
  force_.assign(nall_, Vec3{0.0, 0.0, 0.0});
  have_atom_virial_ = want_atom_virial;
  if (want_atom_virial) atom_virial_.assign(nall_, std::array<double, 6>{});

  // Group the entries by centre (counting sort; order within a centre as added).
  start_.assign(nlocal_ + 1, 0);
  for (const Entry& e : entries_) {
    QMLFF_REQUIRE(e.i >= 0 && e.i < nlocal_ && e.j >= 0 && e.j < nall_,
                  "atomic assembler: neighbour pair out of range (the centre must be owned)");
    ++start_[e.i + 1];
  }
  for (int i = 0; i < nlocal_; ++i) start_[i + 1] += start_[i];
  order_.resize(entries_.size());
  fill_.assign(start_.begin(), start_.end() - 1);
  for (std::size_t k = 0; k < entries_.size(); ++k) order_[fill_[entries_[k].i]++] = static_cast<int>(k);

  for (int i = 0; i < nlocal_; ++i) {
    if (species_[i] < 0) continue;
    const int n = start_[i + 1] - start_[i];
    nb_.resize(n);
    dE_dd_.resize(n);
    for (int k = 0; k < n; ++k) {
      const Entry& e = entries_[order_[start_[i] + k]];
      nb_[k].species = species_[e.j];
      nb_[k].d = e.d;
    }
    double ei = 0.0;
    try {
      ei = evaluator_.atom(species_[i], nb_.data(), n, dE_dd_.data());
    } catch (const Error& ex) {
      throw Error(atom_name(i) + ": " + ex.what());
    }
    energy_ += ei;
    atom_energy_[i] = ei;
    ++n_evaluated_;
    for (int k = 0; k < n; ++k) {
      const Entry& e = entries_[order_[start_[i] + k]];
      const Vec3& g = dE_dd_[k];
      for (int c = 0; c < 3; ++c) {
        force_[i][c] += g[c];  // E_i depends on d = r_j - r_i
        force_[e.j][c] -= g[c];
      }
      // -d (x) g: the pair's force on j is -g at separation d from i
      const Vec3& d = e.d;
      const double w[6] = {-d[0] * g[0], -d[1] * g[1], -d[2] * g[2], -d[0] * g[1], -d[0] * g[2], -d[1] * g[2]};
      for (int c = 0; c < 6; ++c) virial_[c] += w[c];
      if (want_atom_virial)
        for (int c = 0; c < 6; ++c) {
          atom_virial_[i][c] += 0.5 * w[c];
          atom_virial_[e.j][c] += 0.5 * w[c];
        }
    }
  }
}

void AtomicAssembler::add_forces(double* const* f, double scale) const {
  for (int i = 0; i < nall_; ++i)
    for (int c = 0; c < 3; ++c) f[i][c] += scale * force_[i][c];
}

void AtomicAssembler::add_atom_energies(double* e, double scale) const {
  for (int i = 0; i < nlocal_; ++i) e[i] += scale * atom_energy_[i];
}

void AtomicAssembler::add_atom_virials(double* const* v, double scale) const {
  QMLFF_REQUIRE(have_atom_virial_, "atomic assembler: compute(true) is needed for per-atom virials");
  for (int i = 0; i < nall_; ++i)
    for (int c = 0; c < 6; ++c) v[i][c] += scale * atom_virial_[i][c];
}

}  // namespace qmlff
