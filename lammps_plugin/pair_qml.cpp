/* ----------------------------------------------------------------------
   pair_style qml: quantum-learned fragment potentials (qmlff).

   Conventions (see docs/lammps.md):
   - per-atom energy: a fragment's energy is split equally among its atoms;
   - per-atom virial: W_a = (r_a - c) (x) F_a with c the fragment centroid in the fragment's
     unwrapped coordinates; summed over the fragment this is the fragment virial;
   - forces on ghost atoms are summed back by LAMMPS's reverse communication (newton pair on);
   - many-body expansion (`mbe`): a pair term s(r) E2 is split equally among its atoms too,
     and its per-atom virial uses the pair's centroid.
   Calls into LAMMPS's Error and utils::logmesg pass one std::string only (fmt_compat/).
------------------------------------------------------------------------- */

#include "pair_qml.h"

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "error.h"
#include "force.h"
#include "memory.h"
#include "neigh_list.h"
#include "neighbor.h"
#include "update.h"
#include "utils.h"

#include <mpi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>

#include "interface/fragment_assembler.h"
#include "geom/atom_distances.h"
#include "geom/periodic_box.h"
#include "interface/many_body.h"
#include "io/potential_file.h"
#include "io/potential_path.h"
#include "models/fragment_evaluator.h"

using namespace LAMMPS_NS;

struct PairQML::Impl {
  std::vector<qmlff::FragmentModel> models;
  std::vector<qmlff::FragmentEvaluator> evaluators;
  std::unique_ptr<qmlff::FragmentAssembler> assembler;
  bool table_valid = false;
  // per-step views of the LAMMPS arrays
  std::vector<std::int64_t> tag, mol;
  std::vector<int> species;
  std::vector<qmlff::Vec3> pos, frc;
  std::vector<std::int64_t> frag_mol;  // molecule ID of each atom of the fragment being checked
  double max_fragment_cutoff = 0.0;  // over the one-molecule models
  double two_body_cutoff = 0.0;      // of the two-body model, if any
  std::vector<std::array<int, 2>> pairs;  // many-body mode: pair-anchor atoms within R_C
  std::unique_ptr<qmlff::SmoothSwitch> pair_switch;
};

namespace {

class LammpsImages final : public qmlff::LocalImages {
 public:
  LammpsImages(Atom *a, Domain *d) : atom_(a), domain_(d) {}
  int map(std::int64_t tag) const override { return atom_->map(static_cast<tagint>(tag)); }
  int closest_image(int i, int j) const override { return domain_->closest_image(i, j); }

 private:
  Atom *atom_;
  Domain *domain_;
};

Pair *qml_creator(LAMMPS *lmp) { return new PairQML(lmp); }

std::string fmt_double(double v)
{
  char buf[64];
  snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

}    // namespace

/* ---------------------------------------------------------------------- */

PairQML::PairQML(LAMMPS *lmp) :
    Pair(lmp), impl(new Impl), cut_user(0.0), allow_noninvariant(0), mbe_flag(0), mbe_rs(0.0),
    mbe_rc(0.0), energy_factor(1.0)
{
  single_enable = 0;         // no pairwise single(): energies are per molecule
  restartinfo = 0;           // potential files are re-read, not stored in restarts
  one_coeff = 1;             // only "pair_coeff * *"
  manybody_flag = 1;         // forces are not pairwise
  centroidstressflag = 2;    // CENTROID_NOTAVAIL

  // `compute pair qml` values (summed over ranks): 1 = seconds in the model evaluations,
  // 2 = seconds in compute() overall, 3 = fragments evaluated, all since init
  nextra = 3;
  pvector = new double[nextra];
  for (int k = 0; k < nextra; k++) pvector[k] = 0.0;
}

PairQML::~PairQML()
{
  if (copymode) return;
  delete[] pvector;
  if (allocated) {
    memory->destroy(setflag);
    memory->destroy(cutsq);
  }
}

void PairQML::register_style(LAMMPS *lmp)
{
  (*lmp->force->pair_map)["qml"] = &qml_creator;
}

void PairQML::allocate()
{
  allocated = 1;
  const int n = atom->ntypes;
  memory->create(setflag, n + 1, n + 1, "pair:setflag");
  memory->create(cutsq, n + 1, n + 1, "pair:cutsq");
  for (int i = 1; i <= n; i++)
    for (int j = i; j <= n; j++) setflag[i][j] = 0;
}

/* ----------------------------------------------------------------------
   pair_style qml [cutoff R] [allow_noninvariant yes/no] [mbe R_S R_C]
------------------------------------------------------------------------- */

void PairQML::settings(int narg, char **arg)
{
  const std::string units = update->unit_style;
  if (units == "metal")
    energy_factor = 1.0;
  else if (units == "real")
    energy_factor = utils::get_conversion_factor(utils::ENERGY, utils::METAL2REAL);
  else
    error->all(FLERR,
               std::string("pair style qml requires 'units metal' or 'units real' (potential files are "
                           "in eV and Angstrom), but this input uses 'units ") +
                   units + "'");

  cut_user = 0.0;
  allow_noninvariant = 0;
  mbe_flag = 0;
  int iarg = 0;
  while (iarg < narg) {
    const std::string key = arg[iarg];
    if (key == "cutoff") {
      if (iarg + 2 > narg) error->all(FLERR, std::string("Illegal pair_style qml command: 'cutoff' needs a distance"));
      cut_user = utils::numeric(FLERR, arg[iarg + 1], false, lmp);
      if (cut_user <= 0.0) error->all(FLERR, std::string("Illegal pair_style qml command: cutoff must be > 0"));
      iarg += 2;
    } else if (key == "allow_noninvariant") {
      if (iarg + 2 > narg)
        error->all(FLERR, std::string("Illegal pair_style qml command: 'allow_noninvariant' needs yes or no"));
      const std::string v = arg[iarg + 1];
      if (v == "yes" || v == "on" || v == "true")
        allow_noninvariant = 1;
      else if (v == "no" || v == "off" || v == "false")
        allow_noninvariant = 0;
      else
        error->all(FLERR, "Illegal pair_style qml command: allow_noninvariant expects yes or no, got '" + v + "'");
      iarg += 2;
    } else if (key == "mbe") {
      if (iarg + 3 > narg)
        error->all(FLERR, std::string("Illegal pair_style qml command: 'mbe' needs R_S and R_C (switching "
                                      "distances of the pair terms, in distance units)"));
      mbe_rs = utils::numeric(FLERR, arg[iarg + 1], false, lmp);
      mbe_rc = utils::numeric(FLERR, arg[iarg + 2], false, lmp);
      if (mbe_rs < 0.0 || mbe_rc <= mbe_rs)
        error->all(FLERR, "Illegal pair_style qml command: mbe needs 0 <= R_S < R_C, got R_S = " +
                              fmt_double(mbe_rs) + " and R_C = " + fmt_double(mbe_rc));
      mbe_flag = 1;
      iarg += 3;
    } else {
      error->all(FLERR, "Illegal pair_style qml command: unknown keyword '" + key +
                            "' (keywords: cutoff <distance>, allow_noninvariant yes/no, mbe <R_S> <R_C>)");
    }
  }
}

/* ----------------------------------------------------------------------
   a potential file named by pair_coeff, as LAMMPS or an installed qmlff finds it
------------------------------------------------------------------------- */

std::string PairQML::potential_path(const std::string &file)
{
  std::string path = utils::get_potential_file_path(file);
  if (path.empty() && qmlff::find_potential_file(file) != file) path = qmlff::find_potential_file(file);
  if (path.empty())
    error->all(FLERR, "pair style qml: cannot open potential file '" + file +
                          "' (looked in the current directory, in LAMMPS's potentials folder and in the installed "
                          "qmlff potentials: $QMLFF_POTENTIALS or <prefix>/share/qmlff/potentials)");
  return path;
}

/* ----------------------------------------------------------------------
   pair_coeff * * FILE [FILE ...] SPECIES_1 ... SPECIES_ntypes
------------------------------------------------------------------------- */

void PairQML::coeff(int narg, char **arg)
{
  const std::string usage =
      "pair_coeff for pair style qml should be: pair_coeff * * FILE [FILE ...] SPECIES_1 ... SPECIES_" +
      std::to_string(atom->ntypes) + " (one species or NULL per atom type)";
  if (!allocated) allocate();
  if (narg < 3 || strcmp(arg[0], "*") != 0 || strcmp(arg[1], "*") != 0) error->all(FLERR, "Incorrect args: " + usage);

  // Leading arguments that name files are potential files; the rest are species.
  auto looks_like_file = [&](const std::string &s) {
    if (s == "NULL") return false;
    if (s.find('/') != std::string::npos || s.find('.') != std::string::npos) return true;
    return !utils::get_potential_file_path(s).empty();
  };
  int iarg = 2;
  std::vector<std::string> new_files;
  while (iarg < narg && looks_like_file(arg[iarg])) new_files.emplace_back(arg[iarg++]);
  const int nspecies = narg - iarg;
  if (new_files.empty()) error->all(FLERR, "pair_coeff: no potential file given. " + usage);
  if (nspecies != atom->ntypes) {
    std::string got;
    for (int k = iarg; k < narg; k++) got += std::string(" ") + arg[k];
    error->all(FLERR, "pair_coeff: expected " + std::to_string(atom->ntypes) +
                          " species (one per atom type) after the potential file(s), got " +
                          std::to_string(nspecies) + (got.empty() ? std::string() : ":" + got) + ". " + usage);
  }

  // atom-centred potential files take their own path (pair_qml_atomic.cpp)
  if (coeff_atomic(new_files, nspecies, arg + iarg)) return;

  auto fresh = std::make_unique<Impl>();
  for (const auto &file : new_files) {
    const std::string path = potential_path(file);
    try {
      fresh->models.push_back(qmlff::load_potential_file(path));
    } catch (std::exception &e) {
      error->all(FLERR, "pair style qml: cannot read potential file '" + path + "': " + e.what());
    }
  }
  try {
    std::vector<const qmlff::FragmentModel *> ptrs;
    for (const auto &m : fresh->models) ptrs.push_back(&m);
    fresh->assembler = std::make_unique<qmlff::FragmentAssembler>(ptrs);
    for (std::size_t k = 0; k < fresh->models.size(); k++) {
      const auto &m = fresh->models[k];
      fresh->evaluators.emplace_back(m);
      if (static_cast<int>(k) == fresh->assembler->pair_model())
        fresh->two_body_cutoff = m.fragment_cutoff;
      else
        fresh->max_fragment_cutoff = std::max(fresh->max_fragment_cutoff, m.fragment_cutoff);
    }
  } catch (std::exception &e) {
    error->all(FLERR, std::string("pair style qml: ") + e.what());
  }

  std::vector<int> tspec(atom->ntypes + 1, -1);
  std::string known;
  for (const auto &s : fresh->assembler->species()) known += " " + s;
  for (int t = 1; t <= atom->ntypes; t++) {
    const std::string sp = arg[iarg + t - 1];
    if (sp == "NULL") continue;
    tspec[t] = fresh->assembler->species_index(sp);
    if (tspec[t] < 0)
      error->all(FLERR, "pair_coeff: species '" + sp + "' given for atom type " + std::to_string(t) +
                            " is not in any loaded potential file (their species:" + known + ")");
  }

  impl = std::move(fresh);
  files = new_files;
  type_species = tspec;

  int count = 0;
  for (int i = 1; i <= atom->ntypes; i++)
    for (int j = i; j <= atom->ntypes; j++) {
      setflag[i][j] = (type_species[i] >= 0 && type_species[j] >= 0) ? 1 : 0;
      count += setflag[i][j];
    }
  if (count == 0) error->all(FLERR, "pair_coeff: all atom types are NULL. " + usage);

  if (comm->me == 0) {
    std::string msg;
    for (std::size_t k = 0; k < impl->models.size(); k++) {
      const auto &m = impl->models[k];
      std::string sp;
      for (const auto &s : m.species) sp += " " + s;
      msg += "pair qml: model '" + impl->assembler->model_name(static_cast<int>(k)) + "' (" + m.kind +
             ", species" + sp + ", fragment cutoff " + fmt_double(m.fragment_cutoff) + " A) from " +
             new_files[k] + "\n";
    }
    for (int t = 1; t <= atom->ntypes; t++)
      msg += "pair qml: atom type " + std::to_string(t) + " -> " +
             (type_species[t] < 0 ? std::string("NULL") : impl->assembler->species()[type_species[t]]) + "\n";
    utils::logmesg(lmp, msg);
  }
}

/* ---------------------------------------------------------------------- */

void PairQML::init_style()
{
  if (atomic) return init_style_atomic();
  if (!impl->assembler) error->all(FLERR, std::string("pair style qml: pair_coeff has not been given"));
  if (atom->tag_enable == 0)
    error->all(FLERR, std::string("pair style qml requires atom IDs (atom_modify id yes)"));
  if (atom->map_style == 0)
    error->all(FLERR, std::string("pair style qml requires an atom map to find the atoms of each "
                                  "molecule: add 'atom_modify map array' (or hash) before the box is created"));
  if (!atom->molecule_flag)
    error->all(FLERR, std::string("pair style qml requires molecule IDs: use atom_style "
                                  "full/molecular/bond/angle, or 'fix property/atom mol ghost yes'"));
  if (force->newton_pair == 0)
    error->all(FLERR, std::string("pair style qml requires newton pair on (forces on ghost atoms are "
                                  "summed by reverse communication)"));
  if (domain->dimension != 3) error->all(FLERR, std::string("pair style qml requires a 3d system"));
  for (std::size_t k = 0; k < impl->models.size(); k++) {
    const auto &m = impl->models[k];
    if (!m.has_symmetry("rotation") && !allow_noninvariant) {
      std::string sym;
      for (const auto &s : m.symmetries) sym += " " + s;
      error->all(FLERR, "pair style qml: model '" + impl->assembler->model_name(static_cast<int>(k)) +
                            "' in " + files[k] +
                            " is not rotation invariant (symmetries:" + sym +
                            "), so its energy depends on the molecule's orientation in the box. "
                            "Use a rotation-invariant model, or add 'allow_noninvariant yes' to "
                            "pair_style qml if that is intended");
    }
  }
  // Molecules are found by molecule ID among owned and ghost atoms; only the many-body
  // expansion needs a neighbor list (the default half list: each pair once over all ranks).
  try {
    impl->assembler->set_many_body(mbe_flag != 0);
  } catch (std::exception &e) {
    error->all(FLERR, std::string("pair style qml mbe: ") + e.what());
  }
  if (mbe_flag) {
    const int pm = impl->assembler->pair_model();
    const auto &model = impl->models[pm];
    const std::string name = impl->assembler->model_name(pm);
    std::string warning;
    try {
      warning = qmlff::check_pair_model(model, name, files[pm], mbe_rc);
    } catch (std::exception &e) {
      error->all(FLERR, std::string("pair style qml mbe: ") + e.what());
    }
    if (!warning.empty() && comm->me == 0) error->warning(FLERR, "pair style qml mbe: " + warning);
    if (cut_user > 0.0 && cut_user < mbe_rc)
      error->all(FLERR, "pair style qml: cutoff " + fmt_double(cut_user) + " A is smaller than the many-body R_C " +
                            fmt_double(mbe_rc) + " A; the neighbor list would miss pairs. Use cutoff >= R_C plus "
                            "the size of a molecule, or omit it (default R_C + " + fmt_double(kMbeGhostMargin) + " A)");
    impl->pair_switch = std::make_unique<qmlff::SmoothSwitch>(mbe_rs, mbe_rc);
    neighbor->request(this, instance_me);
  }
  impl->table_valid = false;
  for (int k = 0; k < nextra; k++) pvector[k] = 0.0;
}

double PairQML::init_one(int i, int j)
{
  if (setflag[i][j] == 0) error->all(FLERR, std::string("All pair coeffs are not set"));
  if (atomic) return init_one_atomic();
  if (cut_user > 0.0) return cut_user;
  // ghost atoms must hold whole molecules: one molecule's extent, or in many-body mode the
  // partner molecules of pairs out to R_C
  if (mbe_flag) return std::max(impl->max_fragment_cutoff, mbe_rc + kMbeGhostMargin);
  return std::max(impl->max_fragment_cutoff, impl->two_body_cutoff);
}

/* ----------------------------------------------------------------------
   global molecule table: atom count and anchor (lowest atom ID) of every molecule
------------------------------------------------------------------------- */

void PairQML::build_molecule_table()
{
  Impl &I = *impl;
  qmlff::LocalAtoms la;
  la.nlocal = atom->nlocal;
  la.nall = atom->nlocal + atom->nghost;
  la.tag = I.tag.data();
  la.mol = I.mol.data();
  la.species = I.species.data();

  std::int64_t max_mol = 0;
  try {
    max_mol = qmlff::FragmentAssembler::local_max_molecule(la);
  } catch (std::exception &e) {
    error->one(FLERR, std::string("pair style qml: ") + e.what());
  }
  MPI_Allreduce(MPI_IN_PLACE, &max_mol, 1, MPI_INT64_T, MPI_MAX, world);
  if (max_mol > 100000000)
    error->all(FLERR, "pair style qml: the largest molecule ID is " + std::to_string(max_mol) +
                          "; molecule IDs are used as array indices, renumber them (reset_mol_ids)");
  qmlff::MoleculeTable table;
  qmlff::FragmentAssembler::local_molecule_stats(la, max_mol, table.count, table.anchor);
  MPI_Allreduce(MPI_IN_PLACE, table.count.data(), static_cast<int>(table.count.size()), MPI_INT64_T,
                MPI_SUM, world);
  MPI_Allreduce(MPI_IN_PLACE, table.anchor.data(), static_cast<int>(table.anchor.size()), MPI_INT64_T,
                MPI_MIN, world);
  try {
    I.assembler->set_molecule_table(std::move(table));
  } catch (std::exception &e) {
    error->all(FLERR, std::string("pair style qml: ") + e.what());
  }
  I.table_valid = true;
}

/* ---------------------------------------------------------------------- */

void PairQML::compute(int eflag, int vflag)
{
  if (atomic) return compute_atomic(eflag, vflag);
  ev_init(eflag, vflag);
  Impl &I = *impl;
  const double t_start = MPI_Wtime();
  double t_eval = 0.0;

  const int nlocal = atom->nlocal;
  const int nall = nlocal + atom->nghost;
  const tagint *tag = atom->tag;
  const tagint *molecule = atom->molecule;
  const int *type = atom->type;
  I.tag.resize(nall);
  I.mol.resize(nall);
  I.species.resize(nall);
  for (int i = 0; i < nall; i++) {
    I.tag[i] = tag[i];
    I.mol[i] = molecule[i];
    I.species[i] = type_species[type[i]];
  }

  if (!I.table_valid || neighbor->ago == 0) build_molecule_table();

  qmlff::LocalAtoms la;
  la.nlocal = nlocal;
  la.nall = nall;
  la.tag = I.tag.data();
  la.mol = I.mol.data();
  la.species = I.species.data();
  try {
    const LammpsImages images(atom, domain);
    I.assembler->assemble(la, images);
    if (mbe_flag) {
      find_pairs();
      I.assembler->assemble_pairs(la, images, I.pairs);
    }
  } catch (std::exception &e) {
    error->one(FLERR, std::string("pair style qml: ") + e.what() + " (now: pair cutoff " +
                          fmt_double(cutforce) + " A + neighbor skin " + fmt_double(neighbor->skin) +
                          " A; comm_modify cutoff " + fmt_double(comm->cutghostuser) + " A)");
  }

  int box_axis = -1;
  const double box_width = narrowest_periodic_width(box_axis);
  double **x = atom->x;
  double **f = atom->f;
  const double ef = energy_factor;
  const bool explicit_virial = vflag_global && !vflag_fdotr;
  qmlff::Virial6 w{}, w_pair{};
  const int nfrag = I.assembler->n_fragments();
  const auto &frags = I.assembler->fragments();
  for (int k = 0; k < nfrag; k++) {
    const qmlff::Fragment &fr = frags[k];
    const int n = static_cast<int>(fr.atoms.size());
    I.pos.resize(n);
    I.frc.resize(n);
    for (int a = 0; a < n; a++) {
      const int j = fr.atoms[a];
      I.pos[a] = {x[j][0], x[j][1], x[j][2]};
    }
    const bool pair_term = fr.anchor_slots[0] >= 0;
    if (pair_term) check_pair_term(k);
    check_fragment_geometry(k, box_width, box_axis);
    double e = 0.0;
    const double t0 = MPI_Wtime();
    try {
      // pair terms: their virial goes to w_pair first, to be switched
      e = I.evaluators[fr.model].energy_forces(I.pos.data(), I.frc.data(),
                                               explicit_virial ? (pair_term ? &w_pair : &w) : nullptr);
    } catch (std::exception &ex) {
      error->one(FLERR, "pair style qml: molecule " + std::to_string(fr.anchor_mol) + ": " + ex.what());
    }
    t_eval += MPI_Wtime() - t0;
    if (pair_term) e = switch_pair_term(k, e, explicit_virial ? w.data() : nullptr, w_pair);
    e *= ef;
    for (int a = 0; a < n; a++) {
      const int j = fr.atoms[a];
      f[j][0] += ef * I.frc[a][0];
      f[j][1] += ef * I.frc[a][1];
      f[j][2] += ef * I.frc[a][2];
    }
    if (eflag_global) eng_vdwl += e;
    if (eflag_atom)
      for (int a = 0; a < n; a++) eatom[fr.atoms[a]] += e / n;
    if (explicit_virial)
      for (int c = 0; c < 6; c++) virial[c] += ef * w[c];
    if (vflag_atom) {
      double cen[3] = {0.0, 0.0, 0.0};
      for (int a = 0; a < n; a++)
        for (int c = 0; c < 3; c++) cen[c] += I.pos[a][c] / n;
      for (int a = 0; a < n; a++) {
        const double dx = I.pos[a][0] - cen[0], dy = I.pos[a][1] - cen[1], dz = I.pos[a][2] - cen[2];
        const double fx = ef * I.frc[a][0], fy = ef * I.frc[a][1], fz = ef * I.frc[a][2];
        double *v = vatom[fr.atoms[a]];
        v[0] += dx * fx;
        v[1] += dy * fy;
        v[2] += dz * fz;
        v[3] += dx * fy;
        v[4] += dx * fz;
        v[5] += dy * fz;
      }
    }
  }

  if (vflag_fdotr) virial_fdotr_compute();
  pvector[0] += t_eval;
  pvector[1] += MPI_Wtime() - t_start;
  pvector[2] += nfrag;
}

/* ----------------------------------------------------------------------
   the narrowest distance between opposite faces of the box over the periodic directions
   (triclinic boxes included); infinity, axis -1 when no direction is periodic
------------------------------------------------------------------------- */

double PairQML::narrowest_periodic_width(int &axis) const
{
  const std::array<double, 3> w = qmlff::cell_face_widths(
      {domain->h[0], domain->h[1], domain->h[2], domain->h[3], domain->h[4], domain->h[5]});
  double narrowest = INFINITY;
  axis = -1;
  for (int d = 0; d < 3; d++)
    if (domain->periodicity[d] && w[d] < narrowest) narrowest = w[d], axis = d;
  return narrowest;
}

/* ----------------------------------------------------------------------
   fragment k (positions in impl->pos): the same rules as `qmlff eval`
   (geom/atom_distances.h): no coinciding atoms, no atoms beyond the fragment cutoff,
   and a box wide enough for the closest periodic images to find the molecule
------------------------------------------------------------------------- */

void PairQML::check_fragment_geometry(int k, double box_width, int box_axis)
{
  Impl &I = *impl;
  const qmlff::Fragment &fr = I.assembler->fragments()[k];
  const int n = static_cast<int>(fr.atoms.size());
  const bool pair_term = fr.anchor_slots[0] >= 0;
  const tagint *tag = atom->tag;
  const std::string mol = "pair style qml: molecule " + std::to_string(fr.anchor_mol) + ": ";
  // pair terms span two molecules: only coinciding atoms are wrong there (check_pair_term
  // bounds their size)
  const double rc = pair_term ? 0.0 : I.models[fr.model].fragment_cutoff;
  if (const auto p = qmlff::find_atom_pair_problem(I.pos.data(), n, rc)) {
    std::string msg = mol + qmlff::describe_atom_pair_problem(*p, std::to_string(tag[fr.atoms[p->a]]),
                                                             std::to_string(tag[fr.atoms[p->b]]), rc,
                                                             I.assembler->model_name(fr.model));
    if (p->kind == qmlff::AtomPairProblem::Kind::BeyondCutoff)
      msg += "; or its molecule ID joins atoms of different molecules, or the ghost-atom cutoff is too small "
             "for the periodic image of a molecule across the boundary (raise it with the pair_style qml "
             "keyword 'cutoff')";
    error->one(FLERR, msg);
  }
  if (pair_term || box_axis < 0) return;
  // The closest image of each member is the right one only if its molecule spans less than
  // half the box in every periodic direction (a smaller box folds the molecule silently).
  // Two molecules of a two-body fragment may be farther apart: the nearest image of the
  // partner is the one it interacts with, as for any pair potential.
  I.frag_mol.resize(n);
  for (int m = 0; m < n; m++) I.frag_mol[m] = I.mol[fr.atoms[m]];
  int a = 0, b = 0;
  const double size = qmlff::largest_atom_distance(I.pos.data(), n, a, b, I.frag_mol.data());
  if (2.0 * size >= box_width)
    error->one(FLERR, mol + "the periodic box is " + fmt_double(box_width) + " A wide along " +
                          std::string(1, "xyz"[box_axis]) + " (between opposite faces), not more than twice the "
                          "molecule's size " + fmt_double(size) + " A (atoms " + std::to_string(tag[fr.atoms[a]]) +
                          " and " + std::to_string(tag[fr.atoms[b]]) + "): the closest periodic images of its atoms "
                          "do not determine its shape. Make the box wider than " + fmt_double(2.0 * size) +
                          " A in every periodic direction (more molecules or vacuum), or use non-periodic "
                          "boundaries (boundary f f f)");
}

/* ----------------------------------------------------------------------
   many-body mode: pairs of pair-anchor atoms (e.g. O-O) closer than R_C, from the half list
------------------------------------------------------------------------- */

void PairQML::find_pairs()
{
  Impl &I = *impl;
  I.pairs.clear();
  const int anchor_species = I.assembler->pair_anchor_species();
  const double rc2 = mbe_rc * mbe_rc;
  double **x = atom->x;
  for (int ii = 0; ii < list->inum; ii++) {
    const int i = list->ilist[ii];
    if (I.species[i] != anchor_species) continue;
    const int *jlist = list->firstneigh[i];
    for (int jj = 0; jj < list->numneigh[i]; jj++) {
      const int j = jlist[jj] & NEIGHMASK;
      if (I.species[j] != anchor_species) continue;
      const double dx = x[j][0] - x[i][0], dy = x[j][1] - x[i][1], dz = x[j][2] - x[i][2];
      if (dx * dx + dy * dy + dz * dz >= rc2) continue;
      if (I.mol[i] == I.mol[j])
        error->one(FLERR, "pair style qml mbe: atoms " + std::to_string(I.tag[i]) + " and " +
                              std::to_string(I.tag[j]) + " of molecule " + std::to_string(I.mol[i]) +
                              " are both pair anchors within R_C = " + fmt_double(mbe_rc) +
                              " A: either a molecule interacts with its own periodic image (the "
                              "box is smaller than R_C) or one molecule ID covers several molecules");
      I.pairs.push_back({i, j});
    }
  }
}

// Pair term k: every atom must be within the ghost margin (cutforce - R_C) of its half's
// anchor, or its closest image may not have been communicated.
void PairQML::check_pair_term(int k)
{
  Impl &I = *impl;
  const qmlff::Fragment &fr = I.assembler->fragments()[k];
  const int n = static_cast<int>(fr.atoms.size());
  const double margin = cutforce - mbe_rc;
  for (int a = 0; a < n; a++) {
    const int anchor = fr.atoms[fr.anchor_slots[a < n / 2 ? 0 : 1]];
    double r2 = 0.0;
    for (int d = 0; d < 3; d++) r2 += (I.pos[a][d] - atom->x[anchor][d]) * (I.pos[a][d] - atom->x[anchor][d]);
    if (r2 > margin * margin)
      error->one(FLERR, "pair style qml mbe: atom " + std::to_string(I.tag[fr.atoms[a]]) + " of molecule " +
                            std::to_string(I.mol[fr.atoms[a]]) + " is " + fmt_double(std::sqrt(r2)) +
                            " A from its pair anchor atom " + std::to_string(I.tag[anchor]) +
                            ", more than the ghost margin " + fmt_double(margin) +
                            " A (pair cutoff minus R_C): the molecule has dissociated, or raise the "
                            "pair_style qml keyword 'cutoff'");
  }
}

// E = s(r) E2 for pair term k: scales the forces in impl->frc and adds the switch's force
// -E2 ds/dr dr/dx on the two anchors; the virial (if wanted) likewise. Returns s(r) E2.
double PairQML::switch_pair_term(int k, double e2, double *w_out, const std::array<double, 6> &w2)
{
  Impl &I = *impl;
  const qmlff::Fragment &fr = I.assembler->fragments()[k];
  std::array<double, 6> w{};
  const double e = qmlff::switch_pair_term(*I.pair_switch, I.pos.data(), I.frc.data(), static_cast<int>(I.frc.size()),
                                           fr.anchor_slots[0], fr.anchor_slots[1], e2, w2, w_out ? &w : nullptr);
  if (w_out) std::copy(w.begin(), w.end(), w_out);
  return e;
}

double PairQML::memory_usage()
{
  double bytes = Pair::memory_usage();
  bytes += static_cast<double>(impl->tag.capacity() + impl->mol.capacity()) * sizeof(std::int64_t);
  bytes += static_cast<double>(impl->species.capacity()) * sizeof(int);
  return bytes;
}
