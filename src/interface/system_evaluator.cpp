#include "interface/system_evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace qmlff {

namespace {
std::string fmt_g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}
constexpr std::int64_t kMaxMoleculeId = 100000000;
}  // namespace

SystemEvaluator::SystemEvaluator(std::vector<FragmentModel> models, const SystemOptions& options)
    : models_(std::move(models)) {
  std::vector<const FragmentModel*> ptrs;
  for (const auto& m : models_) ptrs.push_back(&m);
  assembler_ = std::make_unique<FragmentAssembler>(ptrs);
  auto source = [&](std::size_t k) {
    return k < options.sources.size() ? options.sources[k] : "model " + std::to_string(k + 1);
  };
  double one_body_cutoff = 0.0;
  for (std::size_t k = 0; k < models_.size(); ++k) {
    const FragmentModel& m = models_[k];
    if (!m.has_symmetry("rotation") && !options.allow_noninvariant) {
      std::string sym;
      for (const auto& s : m.symmetries) sym += " " + s;
      throw Error("model '" + assembler_->model_name(static_cast<int>(k)) + "' (" + source(k) +
                  ") is not rotation invariant (symmetries:" + sym +
                  "), so its energy depends on the molecule's orientation. Use a rotation-invariant "
                  "model, or pass allow_noninvariant=True if that is intended");
    }
    if (static_cast<int>(k) != assembler_->pair_model()) one_body_cutoff = std::max(one_body_cutoff, m.fragment_cutoff);
    evaluators_.emplace_back(m);
  }
  assembler_->set_many_body(options.many_body);
  reach_ = one_body_cutoff;
  if (options.many_body) {
    const int pm = assembler_->pair_model();
    const std::string warning =
        check_pair_model(models_[pm], assembler_->model_name(pm), source(pm), options.r_c);
    if (!warning.empty()) warnings_.push_back("mbe: " + warning);
    switch_ = std::make_unique<SmoothSwitch>(options.r_s, options.r_c);
    // a partner's anchor lies within R_C of an atom in the cell, its atoms within the
    // one-body fragment cutoff of that anchor
    reach_ = options.r_c + one_body_cutoff;
  } else if (assembler_->pair_model() >= 0) {
    reach_ = std::max(reach_, models_[assembler_->pair_model()].fragment_cutoff);
  }
}

double SystemEvaluator::compute(int n, const double* pos, const int* species, const std::int64_t* mol,
                                const Cell& cell, double* forces, double* virial, double* energies) {
  QMLFF_REQUIRE(n > 0, "no atoms given");
  const int n_species = static_cast<int>(assembler_->species().size());
  for (int i = 0; i < n; ++i) {
    QMLFF_REQUIRE(species[i] >= 0 && species[i] < n_species,
                  "atom " + std::to_string(i + 1) + ": species index " + std::to_string(species[i]) +
                      " is not one of the loaded models' species (0.." + std::to_string(n_species - 1) + ")");
    QMLFF_REQUIRE(mol[i] > 0 && mol[i] <= kMaxMoleculeId,
                  "atom " + std::to_string(i + 1) + " has molecule ID " + std::to_string(mol[i]) +
                      "; molecule IDs must be in 1.." + std::to_string(kMaxMoleculeId));
  }
  images_.build(reinterpret_cast<const Vec3*>(pos), n, cell, reach_);
  const int nall = images_.n_all();
  mol_.resize(nall);
  species_.resize(nall);
  for (int i = 0; i < nall; ++i) {
    mol_[i] = mol[images_.owner(i)];
    species_[i] = species[images_.owner(i)];
  }
  LocalAtoms la;
  la.nlocal = n;
  la.nall = nall;
  la.tag = images_.tags().data();
  la.mol = mol_.data();
  la.species = species_.data();

  MoleculeTable table;
  const std::int64_t max_mol = FragmentAssembler::local_max_molecule(la);
  FragmentAssembler::local_molecule_stats(la, max_mol, table.count, table.anchor);
  assembler_->set_molecule_table(std::move(table));
  assembler_->assemble(la, images_);
  if (assembler_->many_body()) {
    find_pairs();
    assembler_->assemble_pairs(la, images_, pairs_);
  }

  std::fill(forces, forces + 3 * n, 0.0);
  std::fill(virial, virial + 6, 0.0);
  if (energies) std::fill(energies, energies + n, 0.0);
  double energy = 0.0;
  const auto& x = images_.x();
  Virial6 w{}, w_pair{};
  n_terms_ = assembler_->n_fragments();
  for (int k = 0; k < n_terms_; ++k) {
    const Fragment& fr = assembler_->fragments()[k];
    const int na = static_cast<int>(fr.atoms.size());
    pos_.resize(na);
    frc_.resize(na);
    for (int a = 0; a < na; ++a) pos_[a] = x[fr.atoms[a]];
    const bool pair_term = fr.anchor_slots[0] >= 0;
    if (!pair_term) check_fragment_size(fr);
    double e = 0.0;
    try {
      e = evaluators_[fr.model].energy_forces(pos_.data(), frc_.data(), pair_term ? &w_pair : &w);
    } catch (const Error& err) {
      throw Error("molecule " + std::to_string(fr.anchor_mol) + ": " + err.what());
    }
    if (pair_term)
      e = switch_pair_term(*switch_, pos_.data(), frc_.data(), na, fr.anchor_slots[0], fr.anchor_slots[1], e, w_pair, &w);
    energy += e;
    for (int c = 0; c < 6; ++c) virial[c] += w[c];
    for (int a = 0; a < na; ++a) {
      const int o = images_.owner(fr.atoms[a]);
      for (int d = 0; d < 3; ++d) forces[3 * o + d] += frc_[a][d];
      if (energies) energies[o] += e / na;
    }
  }
  return energy;
}

// The model is only meant for atoms within its fragment cutoff of each other.
void SystemEvaluator::check_fragment_size(const Fragment& fr) const {
  const double rc = models_[fr.model].fragment_cutoff;
  const int na = static_cast<int>(fr.atoms.size());
  for (int a = 0; a < na; ++a)
    for (int b = a + 1; b < na; ++b) {
      double r2 = 0.0;
      for (int d = 0; d < 3; ++d) r2 += (pos_[a][d] - pos_[b][d]) * (pos_[a][d] - pos_[b][d]);
      if (r2 > rc * rc)
        throw Error("molecule " + std::to_string(fr.anchor_mol) + ": atoms " +
                    std::to_string(images_.owner(fr.atoms[a]) + 1) + " and " +
                    std::to_string(images_.owner(fr.atoms[b]) + 1) + " are " + fmt_g(std::sqrt(r2)) +
                    " A apart, beyond the fragment cutoff " + fmt_g(rc) + " A of model '" +
                    assembler_->model_name(fr.model) +
                    "': the molecule has dissociated or its molecule ID joins atoms of different molecules");
    }
}

// Pairs of pair-anchor atoms closer than R_C, each interaction once: the first atom owned,
// the second an owned atom with a higher index or any periodic image of one (an image of a
// lower-index atom is the same interaction seen from the other side).
void SystemEvaluator::find_pairs() {
  pairs_.clear();
  const int anchor = assembler_->pair_anchor_species();
  const double rc2 = switch_->r_c() * switch_->r_c();
  const auto& x = images_.x();
  for (int i = 0; i < images_.n_owned(); ++i) {
    if (species_[i] != anchor) continue;
    for (int j = 0; j < images_.n_all(); ++j) {
      if (species_[j] != anchor || images_.owner(j) < i || j == i) continue;
      double r2 = 0.0;
      for (int d = 0; d < 3; ++d) r2 += (x[j][d] - x[i][d]) * (x[j][d] - x[i][d]);
      if (r2 >= rc2) continue;
      if (mol_[i] == mol_[j])
        throw Error("mbe: atoms " + std::to_string(i + 1) + " and " + std::to_string(images_.owner(j) + 1) +
                    " of molecule " + std::to_string(mol_[i]) + " are both pair anchors within R_C = " +
                    fmt_g(switch_->r_c()) +
                    " A: either a molecule interacts with its own periodic image (the cell is smaller than "
                    "R_C) or one molecule ID covers several molecules");
      pairs_.push_back({i, j});
    }
  }
}

}  // namespace qmlff
