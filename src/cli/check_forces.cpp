#include "cli/check_forces.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "cli/common.h"
#include "core/error.h"
#include "io/dataset.h"
#include "io/frame_matching.h"
#include "io/potential_file.h"
#include "models/fragment_evaluator.h"

namespace qmlff::cli {

void setup_check_forces(CLI::App& app) {
  auto opt = std::make_shared<CheckForcesOptions>();
  CLI::App* sub = app.add_subcommand(
      "check-forces", "Compare a potential's analytic forces with central finite differences of its energy on "
                      "every frame; exit code 0 if all agree within --tol, 1 otherwise");
  sub->add_option("FILE", opt->potential, "potential file (JSON; a bare name also in the installed potentials)")
      ->required()
      ->transform(installed_potential())
      ->check(CLI::ExistingFile);
  sub->add_option("DATA", opt->data, "frames (extended XYZ); labels are not needed")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--step", opt->step, "finite-difference displacement h in angstrom")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--tol", opt->tol,
                  "largest allowed |F - F_fd| / max(1 eV/angstrom, largest |F| of the frame)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("-q,--quiet", opt->quiet, "print only the summary");
  bind_callback(sub, opt, [](const CheckForcesOptions& o) { return run_check_forces(o); });
}

int run_check_forces(const CheckForcesOptions& opt) {
  return check_forces(opt, std::cout).passed ? kExitOk : kExitCheckFailed;
}

CheckForcesResult check_forces(const CheckForcesOptions& opt, std::ostream& out) {
  if (!(opt.step > 0.0)) throw Error("check-forces: --step must be positive");
  const FragmentModel model = load_potential_file(opt.potential);
  ExtxyzOptions xo;
  xo.forces_key = "\x01none";  // labels are not used: every column other than pos is ignored
  const Dataset ds = read_extxyz(opt.data, xo);
  if (ds.frames.empty()) throw Error(opt.data + ": no frames");
  FragmentEvaluator ev(model);
  CheckForcesResult r;
  if (!opt.quiet)
    out << fmt::format("{:>6} {:>7} {:>14} {:>6} {:>4} {:>14} {:>14} {:>14}\n", "frame", "line", "max|F-F_fd|",
                       "atom", "comp", "max|F|", "scaled dev", "max|sum F|");
  for (std::size_t fi = 0; fi < ds.frames.size(); ++fi) {
    const Frame& f = ds.frames[fi];
    const std::string where = fmt::format("{}:{}: frame {}", opt.data, f.line, fi + 1);
    const std::vector<int> order = match_species_order(f.species, model.species, where);
    std::vector<Vec3> pos = reorder_to_model(f.positions, order);
    std::vector<Vec3> force(pos.size());
    double dev = 0.0, fmax = 0.0;
    std::size_t worst_atom = 0, worst_comp = 0;
    Vec3 sum{0, 0, 0};
    try {
      ev.energy_forces(pos.data(), force.data());
      for (std::size_t a = 0; a < pos.size(); ++a) {
        for (std::size_t k = 0; k < 3; ++k) {
          const double x0 = pos[a][k];
          pos[a][k] = x0 + opt.step;
          const double ep = ev.energy(pos.data());
          pos[a][k] = x0 - opt.step;
          const double em = ev.energy(pos.data());
          pos[a][k] = x0;
          const double fd = -(ep - em) / (2.0 * opt.step);
          const double d = std::abs(force[a][k] - fd);
          if (d > dev || std::isnan(d)) {
            dev = std::isnan(d) ? INFINITY : d;
            worst_atom = a;
            worst_comp = k;
          }
          fmax = std::max(fmax, std::abs(force[a][k]));
          sum[k] += force[a][k];
        }
      }
    } catch (const Error& err) {
      throw Error(where + ": " + err.what());
    }
    const double fsum = std::max({std::abs(sum[0]), std::abs(sum[1]), std::abs(sum[2])});
    r.max_force_sum = std::max(r.max_force_sum, fsum);
    const double rel = dev / std::max(1.0, fmax);
    r.max_dev = std::max(r.max_dev, dev);
    if (fi == 0 || rel > r.max_rel) {
      r.max_rel = rel;
      r.worst_frame = fi + 1;
    }
    if (!opt.quiet)
      out << fmt::format("{:>6} {:>7} {:>14.6e} {:>4}{:<2} {:>4} {:>14.6e} {:>14.6e} {:>14.6e}\n", fi + 1, f.line,
                         dev, order[worst_atom] + 1, f.species[static_cast<std::size_t>(order[worst_atom])],
                         "xyz"[worst_comp], fmax, rel, fsum);
  }
  r.passed = r.max_rel <= opt.tol;
  out << fmt::format("{} frames, step {} A: largest |F - F_fd| = {:.6e} eV/A; largest |F - F_fd| / max(1 eV/A, "
                     "max|F|) = {:.6e} (frame {}); largest |sum F| = {:.3e} eV/A; tolerance {}: {}\n",
                     ds.frames.size(), opt.step, r.max_dev, r.max_rel, r.worst_frame, r.max_force_sum, opt.tol,
                     r.passed ? "PASS" : "FAIL");
  return r;
}

}  // namespace qmlff::cli
