#include "cli/check_forces.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>

#include "cli/common.h"
#include "core/error.h"
#include "io/dataset.h"
#include "io/structure_potential.h"

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
  sub->add_flag("--allow-beyond-cutoff", opt->allow_beyond_cutoff,
                "check frames whose atoms are farther apart than the model's fragment cutoff");
  bind_callback(sub, opt, [](const CheckForcesOptions& o) { return run_check_forces(o); });
}

int run_check_forces(const CheckForcesOptions& opt) {
  return check_forces(opt, std::cout).passed ? kExitOk : kExitCheckFailed;
}

CheckForcesResult check_forces(const CheckForcesOptions& opt, std::ostream& out) {
  if (!(opt.step > 0.0)) throw Error("check-forces: --step must be positive");
  StructurePotential model(opt.potential);
  ExtxyzOptions xo;
  xo.forces_key = "\x01none";  // labels are not used: every column other than pos is ignored
  const Dataset ds = read_extxyz(opt.data, xo);
  if (ds.frames.empty()) throw Error(opt.data + ": no frames");
  CheckForcesResult r;
  if (!opt.quiet)
    out << fmt::format("{:>6} {:>7} {:>14} {:>6} {:>4} {:>14} {:>14} {:>14}\n", "frame", "line", "max|F-F_fd|",
                       "atom", "comp", "max|F|", "scaled dev", "max|sum F|");
  for (std::size_t fi = 0; fi < ds.frames.size(); ++fi) {
    const Frame& f = ds.frames[fi];
    const std::string where = fmt::format("{}:{}: frame {}", opt.data, f.line, fi + 1);
    std::vector<Vec3> pos = f.positions, force, scratch;  // the frame's atom order
    for (const Vec3& p : pos)
      for (double x : p) r.max_coordinate = std::max(r.max_coordinate, std::abs(x));
    double dev = 0.0, fmax = 0.0;
    std::size_t worst_atom = 0, worst_comp = 0;
    Vec3 sum{0, 0, 0};
    {
      model.energy_forces(f.species, pos, force, where, opt.allow_beyond_cutoff);
      for (std::size_t a = 0; a < pos.size(); ++a) {
        for (std::size_t k = 0; k < 3; ++k) {
          const double x0 = pos[a][k];
          pos[a][k] = x0 + opt.step;
          const double ep = model.energy_forces(f.species, pos, scratch, where, opt.allow_beyond_cutoff);
          pos[a][k] = x0 - opt.step;
          const double em = model.energy_forces(f.species, pos, scratch, where, opt.allow_beyond_cutoff);
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
                         dev, worst_atom + 1, f.species[worst_atom],
                         "xyz"[worst_comp], fmax, rel, fsum);
  }
  r.passed = r.max_rel <= opt.tol;
  out << fmt::format("{} frames, step {} A: largest |F - F_fd| = {:.6e} eV/A; largest |F - F_fd| / max(1 eV/A, "
                     "max|F|) = {:.6e} (frame {}); largest |sum F| = {:.3e} eV/A; tolerance {}: {}\n",
                     ds.frames.size(), opt.step, r.max_dev, r.max_rel, r.worst_frame, r.max_force_sum, opt.tol,
                     r.passed ? "PASS" : "FAIL");
  // x + h is rounded to the spacing of doubles near x (2.2e-16 |x|): far from the origin the
  // step itself, and so F_fd, carries that relative error.
  const double step_precision = std::numeric_limits<double>::epsilon() * r.max_coordinate / opt.step;
  if (step_precision > 0.1 * opt.tol)
    out << fmt::format("note: coordinates reach {:.3g} A, where neighbouring doubles are up to {:.2g} A apart: the step {} A "
                       "is resolved only to a relative {:.2g}, so finite differences lose precision there. The "
                       "models are translation invariant: move the frame near the origin to check its forces\n",
                       r.max_coordinate, std::numeric_limits<double>::epsilon() * r.max_coordinate, opt.step,
                       step_precision);
  return r;
}

}  // namespace qmlff::cli
