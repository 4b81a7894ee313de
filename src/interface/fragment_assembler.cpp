#include "interface/fragment_assembler.h"

#include <algorithm>

#include "core/error.h"

namespace qmlff {

namespace {
bool is_two_body_kind(const std::string& kind) {
  const std::string suffix = "_dimer";
  return kind.size() > suffix.size() && kind.compare(kind.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

FragmentAssembler::FragmentAssembler(const std::vector<const FragmentModel*>& models) {
  QMLFF_REQUIRE(!models.empty(), "FragmentAssembler: no models given");
  for (const FragmentModel* m : models) {
    std::vector<int> idx;
    for (const auto& s : m->species) {
      int k = species_index(s);
      if (k < 0) {
        species_.push_back(s);
        k = static_cast<int>(species_.size()) - 1;
      }
      idx.push_back(k);
    }
    model_species_.push_back(idx);
    model_names_.push_back(m->name.empty() ? m->kind : m->name);
  }
  for (std::size_t mi = 0; mi < models.size(); ++mi) {
    const FragmentModel& m = *models[mi];
    std::vector<int> sorted = model_species_[mi];
    if (is_two_body_kind(m.kind)) {
      const std::size_t h = sorted.size() / 2;
      QMLFF_REQUIRE(sorted.size() % 2 == 0 &&
                        std::equal(sorted.begin(), sorted.begin() + h, sorted.begin() + h),
                    "two-body model '" + model_names_[mi] +
                        "': its species must be two copies of one molecule's species");
      QMLFF_REQUIRE(dimer_model_candidate_ < 0,
                    "only one two-body model can be loaded (got '" +
                        model_names_[dimer_model_candidate_ < 0 ? 0 : dimer_model_candidate_] +
                        "' and '" + model_names_[mi] + "')");
      dimer_model_candidate_ = static_cast<int>(mi);
      dimer_half_.assign(sorted.begin(), sorted.begin() + h);
      std::sort(dimer_half_.begin(), dimer_half_.end());
      continue;
    }
    std::sort(sorted.begin(), sorted.end());
    auto it = monomer_by_composition_.find(sorted);
    QMLFF_REQUIRE(it == monomer_by_composition_.end(),
                  "models '" + model_names_[it == monomer_by_composition_.end() ? 0 : it->second] +
                      "' and '" + model_names_[mi] + "' describe the same composition " +
                      formula(sorted) + "; load only one of them");
    monomer_by_composition_[sorted] = static_cast<int>(mi);
  }
}

int FragmentAssembler::species_index(const std::string& name) const {
  for (std::size_t k = 0; k < species_.size(); ++k)
    if (species_[k] == name) return static_cast<int>(k);
  return -1;
}

std::string FragmentAssembler::formula(const std::vector<int>& species_idx) const {
  std::string f;
  for (std::size_t k = 0; k < species_.size(); ++k) {
    const auto n = std::count(species_idx.begin(), species_idx.end(), static_cast<int>(k));
    if (n == 0) continue;
    f += species_[k];
    if (n > 1) f += std::to_string(n);
  }
  return f.empty() ? "(nothing)" : f;
}

std::string FragmentAssembler::models_summary() const {
  std::string s;
  for (std::size_t m = 0; m < model_names_.size(); ++m) {
    std::vector<int> sorted = model_species_[m];
    std::sort(sorted.begin(), sorted.end());
    if (!s.empty()) s += ", ";
    s += "'" + model_names_[m] + "' = " + formula(sorted);
    if (static_cast<int>(m) == dimer_model_candidate_) s += " (two molecules)";
  }
  return s;
}

std::int64_t FragmentAssembler::local_max_molecule(const LocalAtoms& a) {
  std::int64_t mx = 0;
  for (int i = 0; i < a.nlocal; ++i) {
    if (a.species[i] < 0) continue;
    QMLFF_REQUIRE(a.mol[i] > 0, "atom " + std::to_string(a.tag[i]) + " has molecule ID " +
                                    std::to_string(a.mol[i]) +
                                    ": pair style qml evaluates molecules and needs a positive "
                                    "molecule ID for every atom it handles (set them in the data "
                                    "file, or map this atom type to NULL)");
    mx = std::max(mx, a.mol[i]);
  }
  return mx;
}

void FragmentAssembler::local_molecule_stats(const LocalAtoms& a, std::int64_t max_mol,
                                             std::vector<std::int64_t>& count,
                                             std::vector<std::int64_t>& min_tag) {
  count.assign(max_mol + 1, 0);
  min_tag.assign(max_mol + 1, MoleculeTable::kNoAnchor);
  for (int i = 0; i < a.nlocal; ++i) {
    if (a.species[i] < 0) continue;
    const std::int64_t m = a.mol[i];
    ++count[m];
    min_tag[m] = std::min(min_tag[m], a.tag[i]);
  }
}

void FragmentAssembler::set_molecule_table(MoleculeTable table) {
  table_ = std::move(table);
  n_molecules_ = 0;
  dimer_mols_.clear();
  for (std::size_t m = 0; m < table_.count.size(); ++m)
    if (table_.count[m] > 0) {
      ++n_molecules_;
      if (dimer_mols_.size() < 3) dimer_mols_.push_back(static_cast<std::int64_t>(m));
    }
  slot_of_mol_.assign(table_.count.size(), -1);
  dimer_model_ = -1;
  if (dimer_model_candidate_ >= 0 && !many_body_) {
    QMLFF_REQUIRE(n_molecules_ == 2,
                  "the two-body model '" + model_names_[dimer_model_candidate_] +
                      "' describes a system of exactly two " + formula(dimer_half_) +
                      " molecules, but this system has " + std::to_string(n_molecules_) +
                      " molecules. For larger systems use the many-body expansion "
                      "(pair_style qml mbe R_S R_C, with the monomer potential and a two-body "
                      "model trained on interaction energies)");
    dimer_model_ = dimer_model_candidate_;
    // first molecule = the one with the lower anchor atom ID
    if (table_.anchor[dimer_mols_[1]] < table_.anchor[dimer_mols_[0]]) std::swap(dimer_mols_[0], dimer_mols_[1]);
  }
}

int FragmentAssembler::match_monomer(const std::vector<int>& sorted_species) const {
  auto it = monomer_by_composition_.find(sorted_species);
  return it == monomer_by_composition_.end() ? -1 : it->second;
}

void FragmentAssembler::collect_members(const LocalAtoms& a, const LocalImages& images,
                                        const std::vector<std::int64_t>& mols, bool partners) {
  n_mol_atoms_ = static_cast<int>(mols.size());
  if (mol_atoms_.size() < mols.size()) mol_atoms_.resize(mols.size());
  for (int s = 0; s < n_mol_atoms_; ++s) {
    mol_atoms_[s].mol = mols[s];
    mol_atoms_[s].atoms.clear();
    slot_of_mol_[mols[s]] = s;
  }
  const std::int64_t max_mol = static_cast<std::int64_t>(slot_of_mol_.size()) - 1;
  for (int i = 0; i < a.nall; ++i) {
    if (a.species[i] < 0) continue;
    const std::int64_t m = a.mol[i];
    if (m <= 0 || m > max_mol) continue;  // ghost of an atom without a table entry
    const int s = slot_of_mol_[m];
    if (s < 0) continue;
    if (images.map(a.tag[i]) != i) continue;  // one canonical image per atom ID
    mol_atoms_[s].atoms.push_back(i);
  }
  for (int s = 0; s < n_mol_atoms_; ++s) {
    slot_of_mol_[mols[s]] = -1;
    const MolAtoms& ma = mol_atoms_[s];
    const std::int64_t expected = table_.count[ma.mol];
    if (static_cast<std::int64_t>(ma.atoms.size()) != expected && partners) {
      throw Error("molecule " + std::to_string(ma.mol) + ": only " + std::to_string(ma.atoms.size()) +
                  " of its " + std::to_string(expected) +
                  " atoms are present (owned or ghost) on an MPI rank that evaluates a pair term "
                  "with it. Ghost atoms must reach the many-body cutoff plus the size of a "
                  "molecule: raise the pair_style qml keyword 'cutoff <distance>' (or "
                  "'comm_modify cutoff <distance>'), or check that molecule IDs of ghost atoms "
                  "are communicated ('fix property/atom mol ghost yes')");
    }
    if (static_cast<std::int64_t>(ma.atoms.size()) != expected) {
      throw Error("molecule " + std::to_string(ma.mol) + ": only " + std::to_string(ma.atoms.size()) +
                  " of its " + std::to_string(expected) +
                  " atoms are present (owned or ghost) on the MPI rank that owns its anchor atom " +
                  std::to_string(table_.anchor[ma.mol]) +
                  ". The molecule is larger than the ghost-atom cutoff (or molecule IDs of ghost "
                  "atoms are not communicated: use 'fix property/atom mol ghost yes'). Raise the "
                  "cutoff with the pair_style qml keyword 'cutoff <distance>' or with "
                  "'comm_modify cutoff <distance>'");
    }
  }
}

// Members of one molecule: images closest to the molecule's anchor, which itself is taken
// closest to atom ref (ref < 0: the anchor's canonical image). Output sorted by
// (species, atom ID).
void FragmentAssembler::order_molecule(const LocalAtoms& a, const LocalImages& images, MolAtoms& m,
                                       int ref, std::vector<int>& out) const {
  int anchor = images.map(table_.anchor[m.mol]);
  if (ref >= 0) anchor = images.closest_image(ref, anchor);
  std::sort(m.atoms.begin(), m.atoms.end(), [&](int i, int j) {
    return a.species[i] != a.species[j] ? a.species[i] < a.species[j] : a.tag[i] < a.tag[j];
  });
  out.clear();
  for (int j : m.atoms) out.push_back(images.closest_image(anchor, j));
}

void FragmentAssembler::assemble(const LocalAtoms& a, const LocalImages& images) {
  n_fragments_ = 0;
  std::vector<std::int64_t> mols;
  const std::int64_t max_mol = static_cast<std::int64_t>(table_.count.size()) - 1;
  if (dimer_model_ >= 0) {
    const std::int64_t anchor = std::min(table_.anchor[dimer_mols_[0]], table_.anchor[dimer_mols_[1]]);
    const int i = images.map(anchor);
    if (i >= 0 && i < a.nlocal) mols = {dimer_mols_[0], dimer_mols_[1]};
  } else {
    for (int i = 0; i < a.nlocal; ++i) {
      if (a.species[i] < 0) continue;
      const std::int64_t m = a.mol[i];
      QMLFF_REQUIRE(m > 0 && m <= max_mol,
                    "atom " + std::to_string(a.tag[i]) + " has molecule ID " + std::to_string(m) +
                        " that was not present when the molecule table was built (molecule IDs "
                        "must not change between neighbor list builds)");
      if (a.tag[i] == table_.anchor[m]) mols.push_back(m);
    }
  }
  if (mols.empty()) return;
  collect_members(a, images, mols);

  auto describe = [&](const MolAtoms& m) {
    std::vector<int> sp;
    std::string ids;
    for (int j : m.atoms) {
      sp.push_back(a.species[j]);
      ids += " " + std::to_string(a.tag[j]);
    }
    return formula(sp) + " (atom IDs" + ids + ")";
  };

  if (dimer_model_ >= 0) {
    const auto& msp = model_species_[dimer_model_];
    const std::size_t h = msp.size() / 2;
    Fragment& f = next_fragment();
    f.model = dimer_model_;
    f.anchor_mol = mols[0];
    int ref = -1;
    for (int s = 0; s < 2; ++s) {
      MolAtoms& m = mol_atoms_[s];
      tmp_species_.clear();
      for (int j : m.atoms) tmp_species_.push_back(a.species[j]);
      std::sort(tmp_species_.begin(), tmp_species_.end());
      if (tmp_species_ != dimer_half_)
        throw Error("molecule " + std::to_string(m.mol) + " contains " + describe(m) +
                    ", but the two-body model '" + model_names_[dimer_model_] + "' needs two " +
                    formula(dimer_half_) + " molecules");
      order_molecule(a, images, m, ref, tmp_local_);
      if (s == 0) ref = images.map(table_.anchor[m.mol]);
      append_in_model_order(a, tmp_local_, msp.data() + s * h, h, f.atoms);
    }
    return;
  }

  for (int s = 0; s < n_mol_atoms_; ++s) {
    MolAtoms& m = mol_atoms_[s];
    order_molecule(a, images, m, -1, tmp_local_);
    tmp_species_.clear();
    for (int j : tmp_local_) tmp_species_.push_back(a.species[j]);  // sorted already
    const int model = match_monomer(tmp_species_);
    if (model < 0)
      throw Error("molecule " + std::to_string(m.mol) + " contains " + describe(m) +
                  ", which matches no loaded model (loaded: " + models_summary() +
                  "). Check the molecule IDs and the type-to-species mapping in pair_coeff, or "
                  "load a potential file for this composition");
    Fragment& f = next_fragment();
    f.model = model;
    f.anchor_mol = m.mol;
    const auto& msp = model_species_[model];
    append_in_model_order(a, tmp_local_, msp.data(), msp.size(), f.atoms);
  }
}

Fragment& FragmentAssembler::next_fragment() {
  if (static_cast<int>(fragments_.size()) <= n_fragments_) fragments_.emplace_back();
  Fragment& f = fragments_[n_fragments_++];
  f.atoms.clear();
  f.anchor_slots = {-1, -1};
  return f;
}

// sorted_local is sorted by (species, atom ID): atoms of each species are taken in that order.
void FragmentAssembler::append_in_model_order(const LocalAtoms& a, const std::vector<int>& sorted_local,
                                              const int* half_species, std::size_t n,
                                              std::vector<int>& out) const {
  std::vector<int>& next = tmp_next_;
  next.assign(species_.size(), -1);
  for (std::size_t k = sorted_local.size(); k-- > 0;) next[a.species[sorted_local[k]]] = static_cast<int>(k);
  for (std::size_t p = 0; p < n; ++p) out.push_back(sorted_local[next[half_species[p]]++]);
}

void FragmentAssembler::set_many_body(bool on) {
  many_body_ = false;
  pair_anchor_species_ = pair_anchor_slot_ = -1;
  if (!on) return;
  QMLFF_REQUIRE(dimer_model_candidate_ >= 0,
                "the many-body expansion needs a two-body model (kind *_dimer, trained on "
                "interaction energies) among the potential files; loaded: " + models_summary());
  const auto& msp = model_species_[dimer_model_candidate_];
  const std::size_t h = msp.size() / 2;
  for (std::size_t p = 0; p < h && pair_anchor_slot_ < 0; ++p)
    if (std::count(msp.begin(), msp.begin() + h, msp[p]) == 1) {
      pair_anchor_species_ = msp[p];
      pair_anchor_slot_ = static_cast<int>(p);
    }
  QMLFF_REQUIRE(pair_anchor_slot_ >= 0, "the many-body expansion needs a species that occurs once per molecule "
                                        "(the pair anchor), but the two-body model '" +
                                            model_names_[dimer_model_candidate_] + "' has none in " +
                                            formula(dimer_half_));
  many_body_ = true;
}

void FragmentAssembler::assemble_pairs(const LocalAtoms& a, const LocalImages& images,
                                       const std::vector<std::array<int, 2>>& pairs) {
  QMLFF_REQUIRE(many_body_, "assemble_pairs: many-body mode is off");
  const std::int64_t max_mol = static_cast<std::int64_t>(table_.count.size()) - 1;
  const auto half_size = static_cast<std::int64_t>(dimer_half_.size());
  kept_pairs_.clear();
  pair_mols_.clear();
  for (const auto& p : pairs) {
    const std::int64_t mi = a.mol[p[0]], mj = a.mol[p[1]];
    QMLFF_REQUIRE(mi > 0 && mi <= max_mol && mj > 0 && mj <= max_mol,
                  "atoms " + std::to_string(a.tag[p[0]]) + " and " + std::to_string(a.tag[p[1]]) +
                      " have molecule IDs that were not present when the molecule table was built "
                      "(molecule IDs must not change between neighbor list builds)");
    if (table_.count[mi] != half_size || table_.count[mj] != half_size) continue;
    kept_pairs_.push_back(p);
    pair_mols_.push_back(mi);
    pair_mols_.push_back(mj);
  }
  if (kept_pairs_.empty()) return;
  std::sort(pair_mols_.begin(), pair_mols_.end());
  pair_mols_.erase(std::unique(pair_mols_.begin(), pair_mols_.end()), pair_mols_.end());
  collect_members(a, images, pair_mols_, /*partners=*/true);
  pair_mol_matches_.assign(pair_mols_.size(), 0);
  for (std::size_t s = 0; s < pair_mols_.size(); ++s) {
    tmp_species_.clear();
    for (int j : mol_atoms_[s].atoms) tmp_species_.push_back(a.species[j]);
    std::sort(tmp_species_.begin(), tmp_species_.end());
    pair_mol_matches_[s] = tmp_species_ == dimer_half_;
    // by (species, atom ID), as append_in_model_order expects
    std::sort(mol_atoms_[s].atoms.begin(), mol_atoms_[s].atoms.end(), [&](int i, int j) {
      return a.species[i] != a.species[j] ? a.species[i] < a.species[j] : a.tag[i] < a.tag[j];
    });
  }
  auto slot_of = [&](std::int64_t m) {
    return static_cast<std::size_t>(std::lower_bound(pair_mols_.begin(), pair_mols_.end(), m) - pair_mols_.begin());
  };
  const auto& msp = model_species_[dimer_model_candidate_];
  const std::size_t h = msp.size() / 2;
  for (auto p : kept_pairs_) {
    if (a.tag[p[0]] > a.tag[p[1]]) std::swap(p[0], p[1]);
    const std::size_t s0 = slot_of(a.mol[p[0]]), s1 = slot_of(a.mol[p[1]]);
    if (!pair_mol_matches_[s0] || !pair_mol_matches_[s1]) continue;
    Fragment& f = next_fragment();
    f.model = dimer_model_candidate_;
    f.anchor_mol = a.mol[p[0]];
    for (int half = 0; half < 2; ++half) {
      tmp_local_.clear();
      for (int j : mol_atoms_[half == 0 ? s0 : s1].atoms) tmp_local_.push_back(images.closest_image(p[half], j));
      append_in_model_order(a, tmp_local_, msp.data() + half * h, h, f.atoms);
    }
    f.anchor_slots = {pair_anchor_slot_, static_cast<int>(h) + pair_anchor_slot_};
  }
}

}  // namespace qmlff
