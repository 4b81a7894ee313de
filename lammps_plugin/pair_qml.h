/* -*- c++ -*- ----------------------------------------------------------
   pair_style qml: quantum-learned fragment potentials (qmlff) for LAMMPS.

   pair_style qml [cutoff R] [allow_noninvariant yes/no] [mbe R_S R_C]
   pair_coeff * * FILE [FILE ...] SPECIES_1 ... SPECIES_ntypes   (NULL allowed)

   Fragments are molecules (molecule IDs); each is evaluated once, by the rank owning its
   anchor atom (lowest atom ID). With `mbe`, pairs of molecules whose pair-anchor atoms
   (e.g. O of water) are closer than R_C add s(r) E2 from the two-body model, each pair
   once, from the half neighbor list. See docs/lammps.md.

   An atom-centred potential file (kind atomic*) takes its own path (pair_qml_atomic.cpp):
   E = sum_i E_i over owned atoms, neighbours from a full list of owned + ghost atoms.
------------------------------------------------------------------------- */

#ifndef LMP_PAIR_QML_H
#define LMP_PAIR_QML_H

#include "pair.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace LAMMPS_NS {

class PairQML : public Pair {
 public:
  PairQML(class LAMMPS *);
  ~PairQML() override;

  void compute(int, int) override;
  void settings(int, char **) override;
  void coeff(int, char **) override;
  void init_style() override;
  double init_one(int, int) override;
  double memory_usage() override;

  // Registers "qml" in this LAMMPS instance's pair style table (used by lmp_qml; `clear`
  // resets the table, see docs/lammps.md).
  static void register_style(class LAMMPS *);

  struct Impl;  // qmlff objects (pimpl keeps the qmlff headers out of LAMMPS)
  struct AtomicImpl;  // the atom-centred path's objects (pair_qml_atomic.cpp)
  struct AtomicImplDeleter {
    void operator()(AtomicImpl *) const;  // defined where AtomicImpl is complete
  };

 protected:
  void allocate();
  void build_molecule_table();
  void find_pairs();
  void check_pair_term(int);
  double narrowest_periodic_width(int &) const;
  void check_fragment_geometry(int, double, int);
  double switch_pair_term(int, double, double *, const std::array<double, 6> &);

  // The file pair_coeff names, found as LAMMPS finds potentials or among the installed qmlff
  // potentials; error->all naming every place looked in when it is nowhere.
  std::string potential_path(const std::string &file);
  // atom-centred models (pair_qml_atomic.cpp); coeff_atomic returns false when no file
  // is atom-centred (the fragment path then goes on)
  bool coeff_atomic(const std::vector<std::string> &new_files, int nspecies, char **species);
  void init_style_atomic();
  double init_one_atomic();
  void compute_atomic(int, int);

  static constexpr double kMbeGhostMargin = 2.0;  // default ghost reach beyond R_C (A)

  std::unique_ptr<Impl> impl;
  std::unique_ptr<AtomicImpl, AtomicImplDeleter> atomic;  // set: an atom-centred file is loaded
  double cut_user;            // `cutoff` keyword, <= 0: the models' fragment_cutoff
  int allow_noninvariant;     // `allow_noninvariant` keyword
  int mbe_flag;               // `mbe` keyword: many-body expansion with switch R_S..R_C
  double mbe_rs, mbe_rc;
  double energy_factor;       // eV -> LAMMPS energy unit
  std::vector<int> type_species;  // per atom type: assembler species index, -1 for NULL
  std::vector<std::string> files;
};

}    // namespace LAMMPS_NS

#endif
