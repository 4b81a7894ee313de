#include "cli/eval.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>

#include "cli/common.h"
#include "core/error.h"
#include "io/atomic_write.h"
#include "io/dataset.h"
#include "io/structure_potential.h"

namespace qmlff::cli {

namespace {

std::string metric_line(const char* what, const Metrics& m, const char* unit) {
  if (m.n == 0) return fmt::format("{:<7} no labels\n", what);
  return fmt::format("{:<7} n {:>7}  MSE {:.6e} ({})^2  MAE {:.6e} {}  RMSE {:.6e} {}  R2 {}  max|err| {:.6e} {}\n",
                     what, m.n, m.mse, unit, m.mae, unit, m.rmse, unit, metric_text(m.r2, "{:.8f}"), m.max_abs, unit);
}

bool all_finite(double e, const std::vector<Vec3>& f) {
  if (!std::isfinite(e)) return false;
  for (const Vec3& v : f)
    for (double x : v)
      if (!std::isfinite(x)) return false;
  return true;
}

}  // namespace

void setup_eval(CLI::App& app) {
  auto opt = std::make_shared<EvalOptions>();
  CLI::App* sub = app.add_subcommand(
      "eval", "Energies and forces of a potential on every frame of an extended XYZ file, with "
              "MSE/MAE/RMSE/R2 against the labels and an optional CSV of predictions");
  sub->add_option("FILE", opt->potential, "potential file (JSON; a bare name also in the installed potentials)")
      ->required()
      ->transform(installed_potential())
      ->check(CLI::ExistingFile);
  sub->add_option("DATA", opt->data, "labelled frames (extended XYZ, as written by ASE)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--energy-key", opt->energy_key, "comment-line key of the energy label (eV)")
      ->capture_default_str();
  sub->add_option("--forces-key", opt->forces_key, "per-atom column of the force label (eV/angstrom)")
      ->capture_default_str();
  sub->add_option("--csv", opt->csv, "write predictions to this CSV file (parity plots)");
  sub->add_flag("--force", opt->force, "replace an existing CSV file");
  sub->add_flag("--per-atom", opt->per_atom, "print every atom's predicted and reference force");
  sub->add_flag("-q,--quiet", opt->quiet, "print only the metrics");
  sub->add_flag("--allow-beyond-cutoff", opt->allow_beyond_cutoff,
                "evaluate frames whose atoms are farther apart than the model's fragment cutoff "
                "(refused by default, as in LAMMPS)");
  bind_callback(sub, opt, [](const EvalOptions& o) { return run_eval(o); });
}

int run_eval(const EvalOptions& opt) {
  evaluate_dataset(opt, std::cout);
  return kExitOk;
}

EvalResult evaluate_dataset(const EvalOptions& opt, std::ostream& out) {
  StructurePotential model(opt.potential);
  if (!opt.csv.empty() && !opt.force && std::filesystem::exists(opt.csv))
    throw Error(opt.csv + ": file exists; refusing to overwrite it (use --force to replace it)");
  ExtxyzOptions xo;
  xo.energy_key = opt.energy_key;
  xo.forces_key = opt.forces_key;
  const Dataset ds = read_extxyz(opt.data, xo);
  if (ds.frames.empty()) throw Error(opt.data + ": no frames");

  std::vector<double> e_ref, e_pred, f_ref, f_pred;
  std::string csv = "quantity,frame,line,atom,species,component,ref,pred\n";
  if (!opt.quiet)
    out << fmt::format("{:>6} {:>7} {:>20} {:>20} {:>13} {:>13} {:>13}\n", "frame", "line", "E_ref/eV",
                       "E_pred/eV", "E_err/eV", "F_rmse", "F_maxerr");
  for (std::size_t fi = 0; fi < ds.frames.size(); ++fi) {
    const Frame& f = ds.frames[fi];
    const std::string where = fmt::format("{}:{}: frame {}", opt.data, f.line, fi + 1);
    std::vector<Vec3> fp;  // frame atom order
    const double e = model.energy_forces(f.species, f.positions, fp, where, opt.allow_beyond_cutoff);
    if (!all_finite(e, fp))
      throw Error(where + ": the model gives a non-finite energy or force (E = " + fmt::format("{}", e) +
                  "); the geometry is outside what the model can evaluate");
    csv += fmt::format("energy,{},{},,,,{},{}\n", fi + 1, f.line, f.energy ? exact(*f.energy) : "", exact(e));
    if (f.energy) {
      e_ref.push_back(*f.energy);
      e_pred.push_back(e);
    }
    double ss = 0.0, mx = 0.0;
    for (std::size_t a = 0; a < fp.size(); ++a) {
      for (std::size_t k = 0; k < 3; ++k) {
        const bool has = !f.forces.empty();
        csv += fmt::format("force,{},{},{},{},{},{},{}\n", fi + 1, f.line, a + 1, f.species[a], "xyz"[k],
                           has ? exact(f.forces[a][k]) : "", exact(fp[a][k]));
        if (has) {
          f_ref.push_back(f.forces[a][k]);
          f_pred.push_back(fp[a][k]);
          const double d = fp[a][k] - f.forces[a][k];
          ss += d * d;
          mx = std::max(mx, std::abs(d));
        }
      }
    }
    if (!opt.quiet) {
      const std::string fr = f.forces.empty() ? "-" : fmt::format("{:.6e}", std::sqrt(ss / (3.0 * fp.size())));
      const std::string fx = f.forces.empty() ? "-" : fmt::format("{:.6e}", mx);
      out << fmt::format("{:>6} {:>7} {:>20} {:>20.10f} {:>13} {:>13} {:>13}\n", fi + 1, f.line,
                         f.energy ? fmt::format("{:.10f}", *f.energy) : "-", e,
                         f.energy ? fmt::format("{:.6e}", e - *f.energy) : "-", fr, fx);
      if (opt.per_atom)
        for (std::size_t a = 0; a < fp.size(); ++a)
          out << fmt::format("       atom {:>3} {:<3} F_pred {:>14.8f} {:>14.8f} {:>14.8f}{}\n", a + 1, f.species[a],
                             fp[a][0], fp[a][1], fp[a][2],
                             f.forces.empty() ? std::string()
                                              : fmt::format("  F_ref {:>14.8f} {:>14.8f} {:>14.8f}", f.forces[a][0],
                                                            f.forces[a][1], f.forces[a][2]));
    }
  }
  EvalResult r;
  r.n_frames = ds.frames.size();
  r.energy = compute_metrics(e_ref, e_pred);
  r.forces = compute_metrics(f_ref, f_pred);
  out << fmt::format("{} frames of {} ({}) with {} ({}, {})\n", r.n_frames, opt.data, ds.checksum, opt.potential,
                     model.name(), model.species_summary());
  out << metric_line("energy", r.energy, "eV");
  out << metric_line("forces", r.forces, "eV/A");
  if (!opt.csv.empty()) {
    write_file_atomically(opt.csv, csv, opt.force);
    out << "predictions written to " << opt.csv << "\n";
  }
  return r;
}

}  // namespace qmlff::cli
