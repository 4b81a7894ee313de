#pragma once
// FragmentAssembler: turns the atoms one MPI rank can see (owned + ghost, as in LAMMPS)
// into fragments, i.e. (model, atoms in the model's species order). No LAMMPS headers:
// the pair style passes raw arrays and two callbacks, and the tests do the same.
//
// Call order (every force evaluation):
//   1. FragmentAssembler asm(models);                   once, after loading potential files
//   2. on steps where atoms may have changed (LAMMPS: neighbor->ago == 0):
//        local_molecule_stats(atoms, ...) on each rank, reduce over ranks (sum of counts,
//        min of anchor tags, see MoleculeTable), then set_molecule_table(table)
//   3. assemble(atoms, images) -> fragments()           evaluate each one
//
// Fragments are molecules (atoms with the same molecule ID). A molecule's anchor is its
// atom with the lowest ID; the rank that owns the anchor builds the fragment, so each
// fragment is evaluated exactly once. Atoms of one species are put into the model's order
// by increasing atom ID (the models are permutation invariant in identical species).
//
// Two-body models (kind ending in "_dimer", species = two copies of one molecule) take the
// place of the one-body terms when the system consists of exactly two molecules of that
// composition. In many-body mode (set_many_body) they instead add a pair term for each pair
// of molecules the caller finds with a neighbour list of pair-anchor atoms (assemble_pairs):
// E = sum_i E1(i) + sum_{i<j} s(r_ij) E2(i, j).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/fragment_model.h"

namespace qmlff {

// The atoms one rank sees. Indices [0, nlocal) are owned, [nlocal, nall) are ghosts.
struct LocalAtoms {
  int nlocal = 0;
  int nall = 0;
  const std::int64_t* tag = nullptr;  // global atom IDs (> 0)
  const std::int64_t* mol = nullptr;  // molecule IDs
  const int* species = nullptr;       // assembler species index, -1: atom not handled
};

// Resolves atom IDs and periodic images on one rank (LAMMPS: atom->map and
// domain->closest_image).
class LocalImages {
 public:
  virtual ~LocalImages() = default;
  // Local index of an atom ID (owned if owned here, else some ghost image), -1 if absent.
  virtual int map(std::int64_t tag) const = 0;
  // Local index of the image of atom j closest to atom i.
  virtual int closest_image(int i, int j) const = 0;
};

// Global per-molecule data, indexed by molecule ID in [0, max_mol].
struct MoleculeTable {
  std::vector<std::int64_t> count;   // handled atoms in the molecule (sum over ranks)
  std::vector<std::int64_t> anchor;  // lowest atom ID in the molecule (min over ranks);
                                     // kNoAnchor when the molecule has no handled atoms
  static constexpr std::int64_t kNoAnchor = INT64_MAX;
};

struct Fragment {
  int model = -1;
  std::vector<int> atoms;  // local indices in the model's species order, one periodic image
  std::int64_t anchor_mol = 0;
  // pair terms of the many-body expansion: positions in `atoms` of the two pair-anchor
  // atoms (whose distance sets the switch); {-1, -1} for one-body and two-body-mode terms
  std::array<int, 2> anchor_slots{-1, -1};
};

class FragmentAssembler {
 public:
  // Copies what it needs from the models (species, kind, name). Throws qmlff::Error if two
  // models describe the same composition or a two-body model's halves differ.
  explicit FragmentAssembler(const std::vector<const FragmentModel*>& models);

  // Species table: union of the models' species in order of first appearance.
  const std::vector<std::string>& species() const { return species_; }
  int species_index(const std::string& name) const;  // -1 if no model has it

  // Per-rank contribution to the molecule table from the owned atoms: max molecule ID,
  // then counts and min tags in arrays of size max_mol + 1 (call twice: first with
  // max_mol < 0 to get the max; see pair_qml.cpp). Throws for a handled atom with
  // molecule ID 0 (naming the atom).
  static std::int64_t local_max_molecule(const LocalAtoms& atoms);
  static void local_molecule_stats(const LocalAtoms& atoms, std::int64_t max_mol,
                                   std::vector<std::int64_t>& count,
                                   std::vector<std::int64_t>& min_tag);
  // Takes the reduced table; decides one-body or two-body terms (throws if a two-body model
  // is loaded and the system is not exactly two matching molecules).
  void set_molecule_table(MoleculeTable table);
  std::int64_t n_molecules() const { return n_molecules_; }
  bool two_body_mode() const { return dimer_model_ >= 0; }

  // Many-body mode: every molecule gets its one-body term and the two-body model is used
  // for pairs from assemble_pairs. Call before set_molecule_table. Throws if no two-body
  // model is loaded or its half has no species that occurs exactly once (the pair anchor,
  // e.g. O of water).
  void set_many_body(bool on);
  bool many_body() const { return many_body_; }
  int pair_model() const { return dimer_model_candidate_; }
  int pair_anchor_species() const { return pair_anchor_species_; }

  // Builds the fragments anchored on this rank. Throws qmlff::Error naming the molecule when
  // a member is not present (owned or ghost) or the composition matches no model.
  void assemble(const LocalAtoms& atoms, const LocalImages& images);
  // Many-body mode, after assemble(): appends one pair term per pair (i, j) of pair-anchor
  // atoms (local indices, i owned, j owned or ghost, different molecules) when both
  // molecules have the two-body model's half composition; pairs with other molecules are
  // not terms of the expansion. Members are the images closest to i and to j; the half
  // with the lower anchor atom ID comes first. Throws naming the molecule when a member is
  // not present on this rank.
  void assemble_pairs(const LocalAtoms& atoms, const LocalImages& images,
                      const std::vector<std::array<int, 2>>& pairs);
  const std::vector<Fragment>& fragments() const { return fragments_; }
  int n_fragments() const { return n_fragments_; }

  // "H2O" style formula of species indices.
  std::string formula(const std::vector<int>& species_idx) const;
  const std::string& model_name(int m) const { return model_names_[m]; }

 private:
  struct MolAtoms {
    std::int64_t mol = 0;
    std::vector<int> atoms;  // canonical local index of each member atom ID
  };
  // `partners`: the molecules are pair partners (changes the advice when atoms are missing)
  void collect_members(const LocalAtoms& atoms, const LocalImages& images,
                       const std::vector<std::int64_t>& mols, bool partners = false);
  Fragment& next_fragment();
  // Appends the atoms of one molecule (local indices sorted by species) in the order of
  // the model species half_species[0..n).
  void append_in_model_order(const LocalAtoms& atoms, const std::vector<int>& sorted_local,
                             const int* half_species, std::size_t n, std::vector<int>& out) const;
  void order_molecule(const LocalAtoms& atoms, const LocalImages& images, MolAtoms& m, int ref,
                      std::vector<int>& out_local) const;
  int match_monomer(const std::vector<int>& sorted_species) const;
  std::string models_summary() const;

  std::vector<std::string> species_;
  std::vector<std::vector<int>> model_species_;  // per model, species indices in model order
  std::vector<std::string> model_names_;
  std::map<std::vector<int>, int> monomer_by_composition_;  // sorted species -> model
  int dimer_model_candidate_ = -1;  // a loaded two-body model
  int dimer_model_ = -1;            // in use for the current table
  std::vector<int> dimer_half_;     // sorted species of one half
  bool many_body_ = false;
  int pair_anchor_species_ = -1;    // occurs once per half; its slot in the model's half:
  int pair_anchor_slot_ = -1;

  MoleculeTable table_;
  std::int64_t n_molecules_ = 0;
  std::vector<std::int64_t> dimer_mols_;  // the two molecules in two-body mode

  // scratch
  std::vector<int> slot_of_mol_;
  std::vector<MolAtoms> mol_atoms_;
  int n_mol_atoms_ = 0;
  std::vector<Fragment> fragments_;
  int n_fragments_ = 0;
  std::vector<int> tmp_species_, tmp_local_;
  mutable std::vector<int> tmp_next_;
  std::vector<std::array<int, 2>> kept_pairs_;
  std::vector<std::int64_t> pair_mols_;
  std::vector<char> pair_mol_matches_;
};

}  // namespace qmlff
