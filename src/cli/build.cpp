#include "cli/build.h"

#include <fmt/format.h>

#include <iostream>
#include <random>

#include "cli/common.h"
#include "core/error.h"
#include "io/potential_file.h"
#include "models/builders.h"

namespace qmlff::cli {

void setup_build(CLI::App& app) {
  auto opt = std::make_shared<BuildOptions>();
  std::string kinds;
  for (const auto& k : builder_kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
  CLI::App* sub = app.add_subcommand("build", "Write an untrained potential file made by a model builder");
  sub->add_option("KIND", opt->kind, "model kind: " + kinds)->required()->check(CLI::IsMember(builder_kinds()));
  sub->add_option("-o,--output", opt->output, "potential file to write")->required();
  sub->add_option("--depth,-D", opt->depth, "trainable layers D (default: the kind's paper setting)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--blocks,-B", opt->blocks, "exchange blocks per layer B (default: the kind's setting)")
      ->check(CLI::PositiveNumber);
  auto* sb = sub->add_flag("--sb", opt->sb, "add symmetry-breaking RZ layers (model gets a body frame)");
  sub->add_flag("--no-sb", opt->no_sb, "no symmetry-breaking layers")->excludes(sb);
  sub->add_option("--species", opt->species, "species in model order (overrides the kind's default)");
  sub->add_option("--radial-width", opt->radial_width, "graph models: width of exp(-r/width) edge weights");
  sub->add_option("--qubits", opt->qubits, "generic_vqlm: qubits (default: max(3, internal coordinates))")
      ->check(CLI::Range(0, 16));
  sub->add_option("--name", opt->name, "model name stored in the file (default: the kind)");
  sub->add_option("--scale", opt->scale, "output scale s in E = s<O> + c (eV)")->capture_default_str();
  sub->add_option("--offset", opt->offset, "output offset c in E = s<O> + c (eV)")->capture_default_str();
  sub->add_option("--random-init", opt->random_init,
                  "draw parameters uniformly from [-R, R] instead of the builder's defaults")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--seed", opt->seed, "seed of --random-init (std::mt19937_64)")->capture_default_str();
  sub->add_flag("--force", opt->force, "replace an existing output file");
  bind_callback(sub, opt, [](const BuildOptions& o) { return run_build(o); });
}

int run_build(const BuildOptions& opt) { return run_build(opt, std::cout); }

int run_build(const BuildOptions& opt, std::ostream& out) {
  if (opt.output.empty()) throw Error("build: an output file (-o FILE) is required");
  BuilderOptions bo = default_builder_options(opt.kind);  // throws with the list of kinds
  if (opt.depth >= 0) bo.depth = opt.depth;
  if (opt.blocks >= 0) bo.blocks = opt.blocks;
  if (opt.sb) bo.symmetry_breaking = true;
  if (opt.no_sb) bo.symmetry_breaking = false;
  if (!opt.species.empty()) bo.species = opt.species;
  if (opt.radial_width > 0.0) bo.radial_width = opt.radial_width;
  if (opt.qubits > 0) bo.qubits = opt.qubits;
  FragmentModel m = build_model(opt.kind, bo);
  if (!opt.name.empty()) m.name = opt.name;
  m.scale = opt.scale;
  m.offset = opt.offset;
  if (opt.random_init > 0.0) {
    std::mt19937_64 rng(opt.seed);
    for (double& p : m.parameters) {
      // Uniform in [-R, R] from the raw 64-bit output (independent of the library's distributions).
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      p = opt.random_init * (2.0 * u - 1.0);
    }
  }
  m.validate();
  save_potential_file(m, opt.output, opt.force);
  if (m.network)
    out << fmt::format("wrote {}: kind {}, species {}, network {} descriptors, hidden {}, {} parameters\n", opt.output,
                       m.kind, fmt::join(m.species, " "), m.network->n_descriptors(), fmt::join(m.network->hidden, "x"),
                       m.parameters.size());
  else
    out << fmt::format("wrote {}: kind {}, species {}, {} qubits, {} gates, {} parameters (D={}, B={}, sb={})\n",
                       opt.output, m.kind, fmt::join(m.species, " "), m.circuit.n_qubits, m.circuit.gates.size(),
                       m.parameters.size(), bo.depth, bo.blocks, bo.symmetry_breaking ? "yes" : "no");
  return kExitOk;
}

}  // namespace qmlff::cli
