/* ----------------------------------------------------------------------
   pair_style qml with an atom-centred potential file (kind atomic*, issue 19).

   E = sum_i E_i over atoms i of non-NULL types, E_i from the neighbours within the
   model's cutoff (AtomicEvaluator::atom, e0 included). Design (docs/lammps.md,
   "Atom-centred models"):
   - neighbours: Debian's LAMMPS 29 Sep 2021 installs no neigh_request.h, so no full list
     can be requested; the pair style bins owned + ghost atoms itself
     (qmlff::FullNeighbourList) when LAMMPS reneighbours (neighbor->ago == 0), with reach
     cutoff + skin, and filters by the cutoff every step; the ghost cutoff (init_one) is the
     model cutoff, to which LAMMPS adds the skin;
   - each owned atom's E_i is evaluated once, by its owner; forces on ghost atoms are
     summed by reverse communication, so newton pair on is required;
   - per-atom energy E_i; per-atom virial: half of each neighbour term -d (x) dE_i/dd to
     each of the two atoms; the global virial is the sum (fdotr or explicit).
   Calls into LAMMPS's Error and utils::logmesg pass one std::string only (fmt_compat/).
------------------------------------------------------------------------- */

#include "pair_qml.h"

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "error.h"
#include "force.h"
#include "neighbor.h"
#include "utils.h"

#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <exception>

#include "interface/atomic_assembler.h"
#include "interface/full_neighbour_list.h"
#include "io/atomic_potential_file.h"

using namespace LAMMPS_NS;

struct PairQML::AtomicImpl {
  explicit AtomicImpl(const qmlff::AtomicModel &m) : assembler(m) {}
  qmlff::AtomicAssembler assembler;
  qmlff::FullNeighbourList list;
  bool list_valid = false;
  int list_nlocal = -1, list_nall = -1;
  std::vector<std::int64_t> tag;  // per-step copies of the LAMMPS arrays
  std::vector<int> species;
};

void PairQML::AtomicImplDeleter::operator()(AtomicImpl *p) const { delete p; }

namespace {
std::string fmt_num(double v)
{
  char buf[64];
  snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}
}    // namespace

/* ----------------------------------------------------------------------
   pair_coeff * * FILE S_1 ... S_ntypes with an atom-centred FILE
------------------------------------------------------------------------- */

bool PairQML::coeff_atomic(const std::vector<std::string> &new_files, int nspecies, char **species)
{
  std::vector<std::string> paths, atomic_files, fragment_files;
  for (const auto &file : new_files) {
    const std::string path = potential_path(file);
    bool is_atomic = false;
    try {
      is_atomic = qmlff::potential_file_is_atomic(path);
    } catch (std::exception &e) {
      error->all(FLERR, "pair style qml: cannot read potential file '" + path + "': " + e.what());
    }
    (is_atomic ? atomic_files : fragment_files).push_back(file);
    paths.push_back(path);
  }
  if (atomic_files.empty()) {
    atomic.reset();
    return false;
  }
  if (!fragment_files.empty())
    error->all(FLERR, "pair_coeff: '" + atomic_files[0] + "' holds an atom-centred model and '" + fragment_files[0] +
                          "' a fragment (molecule) model; one pair_style qml takes one kind. To use both, "
                          "give each its own instance: pair_style hybrid/overlay qml qml, then "
                          "pair_coeff * * qml 1 FRAGMENT_FILE(S) ... and pair_coeff * * qml 2 ATOMIC_FILE ... "
                          "(docs/lammps.md, \"Atom-centred models\")");
  if (atomic_files.size() > 1)
    error->all(FLERR, "pair_coeff: '" + atomic_files[0] + "' and '" + atomic_files[1] +
                          "' are both atom-centred potential files; give one (a file holds every species "
                          "it knows), or one per pair_style hybrid/overlay qml instance");

  std::unique_ptr<AtomicImpl, AtomicImplDeleter> fresh;
  try {
    fresh.reset(new AtomicImpl(qmlff::load_atomic_potential_file(paths[0])));
  } catch (std::exception &e) {
    error->all(FLERR, "pair style qml: cannot read potential file '" + paths[0] + "': " + e.what());
  }
  const qmlff::AtomicModel &model = fresh->assembler.model();
  std::string known;
  for (const auto &s : model.species) known += " " + s;
  std::vector<int> tspec(atom->ntypes + 1, -1);
  int count = 0;
  for (int t = 1; t <= atom->ntypes && t <= nspecies; t++) {
    const std::string sp = species[t - 1];
    if (sp == "NULL") continue;
    tspec[t] = model.species_index(sp);
    if (tspec[t] < 0)
      error->all(FLERR, "pair_coeff: species '" + sp + "' given for atom type " + std::to_string(t) +
                            " is not in the atom-centred potential file " + new_files[0] +
                            " (its species:" + known + "); map the type to one of those, or to NULL to "
                            "leave it to another pair style");
    ++count;
  }
  if (count == 0) error->all(FLERR, std::string("pair_coeff: all atom types are NULL"));

  atomic = std::move(fresh);
  files = new_files;
  type_species = tspec;
  for (int i = 1; i <= atom->ntypes; i++)
    for (int j = i; j <= atom->ntypes; j++) setflag[i][j] = (tspec[i] >= 0 && tspec[j] >= 0) ? 1 : 0;

  if (comm->me == 0) {
    std::string msg = "pair qml: atom-centred model '" + model.name + "' (" + model.kind + ", species" + known +
                      ", cutoff " + fmt_num(model.cutoff()) + " A) from " + new_files[0] + "\n";
    for (int t = 1; t <= atom->ntypes; t++)
      msg += "pair qml: atom type " + std::to_string(t) + " -> " +
             (tspec[t] < 0 ? std::string("NULL") : model.species[tspec[t]]) + "\n";
    utils::logmesg(lmp, msg);
  }
  return true;
}

/* ---------------------------------------------------------------------- */

void PairQML::init_style_atomic()
{
  const qmlff::AtomicModel &model = atomic->assembler.model();
  if (force->newton_pair == 0)
    error->all(FLERR, "pair style qml with the atom-centred model in " + files[0] +
                          " requires newton pair on: the forces that an atom's energy puts on ghost "
                          "atoms are summed to their owners by reverse communication. Remove "
                          "'newton off' (or use 'newton on')");
  if (domain->dimension != 3) error->all(FLERR, std::string("pair style qml requires a 3d system"));
  if (mbe_flag)
    error->all(FLERR, "pair style qml: 'mbe' applies to fragment models; the atom-centred model in " + files[0] +
                          " already couples all atoms within its cutoff. Remove 'mbe R_S R_C'");
  if (cut_user > 0.0 && cut_user < model.cutoff())
    error->all(FLERR, "pair style qml: cutoff " + fmt_num(cut_user) + " A is smaller than the cutoff " +
                          fmt_num(model.cutoff()) + " A of the atom-centred model in " + files[0] +
                          "; ghost atoms would miss neighbours. Omit 'cutoff' or raise it");
  if (std::find(model.symmetries.begin(), model.symmetries.end(), "rotation") == model.symmetries.end() &&
      !allow_noninvariant)
    error->all(FLERR, "pair style qml: the atom-centred model in " + files[0] +
                          " does not declare rotation invariance; add 'allow_noninvariant yes' if that "
                          "is intended");
  atomic->list_valid = false;
  for (int k = 0; k < nextra; k++) pvector[k] = 0.0;
}

// Ghost atoms must hold every neighbour within the model cutoff (LAMMPS adds the skin).
double PairQML::init_one_atomic()
{
  return std::max(cut_user, atomic->assembler.cutoff());
}

/* ---------------------------------------------------------------------- */

void PairQML::compute_atomic(int eflag, int vflag)
{
  ev_init(eflag, vflag);
  AtomicImpl &A = *atomic;
  const double t_start = MPI_Wtime();
  const int nlocal = atom->nlocal;
  const int nall = nlocal + atom->nghost;
  double **x = atom->x;
  const double *xflat = nall > 0 ? &x[0][0] : nullptr;  // atom->x rows are contiguous
  A.tag.resize(atom->tag_enable ? nall : 0);  // atom IDs name atoms in errors, if there are any
  A.species.resize(nall);
  for (int i = 0; i < nall; i++) {
    if (atom->tag_enable) A.tag[i] = atom->tag[i];
    A.species[i] = type_species[atom->type[i]];
  }

  // The full list is valid until LAMMPS reneighbours (atoms move < skin/2 before that).
  const double rc = A.assembler.cutoff();
  if (!A.list_valid || neighbor->ago == 0 || A.list_nlocal != nlocal || A.list_nall != nall) {
    try {
      A.list.build(nlocal, nall, xflat, A.species.data(), rc + neighbor->skin);
    } catch (std::exception &e) {
      error->one(FLERR, std::string("pair style qml: ") + e.what());
    }
    A.list_valid = true;
    A.list_nlocal = nlocal;
    A.list_nall = nall;
  }

  double t_eval = 0.0;
  try {
    A.assembler.set_local_atoms(nlocal, nall, atom->tag_enable ? A.tag.data() : nullptr, A.species.data());
    for (int i = 0; i < nlocal; i++) {
      const int *jlist = A.list.neighbours(i);
      for (int k = 0; k < A.list.count(i); k++) {
        const int j = jlist[k];
        A.assembler.add_neighbour(i, j, x[j][0] - x[i][0], x[j][1] - x[i][1], x[j][2] - x[i][2]);
      }
    }
    const double t0 = MPI_Wtime();
    A.assembler.compute(vflag_atom != 0);
    t_eval = MPI_Wtime() - t0;
  } catch (std::exception &e) {
    error->one(FLERR, std::string("pair style qml: ") + e.what());
  }

  const double ef = energy_factor;
  A.assembler.add_forces(atom->f, ef);
  if (eflag_global) eng_vdwl += ef * A.assembler.energy();
  if (eflag_atom) A.assembler.add_atom_energies(eatom, ef);
  if (vflag_global && !vflag_fdotr)
    for (int c = 0; c < 6; c++) virial[c] += ef * A.assembler.virial()[c];
  if (vflag_atom) A.assembler.add_atom_virials(vatom, ef);
  if (vflag_fdotr) virial_fdotr_compute();

  pvector[0] += t_eval;
  pvector[1] += MPI_Wtime() - t_start;
  pvector[2] += A.assembler.n_evaluated();
}
