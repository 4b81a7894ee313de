#include "cli/build.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/common.h"
#include "core/error.h"
#include "io/atomic_write.h"
#include "io/dataset.h"
#include "io/frame_matching.h"
#include "io/potential_file.h"
#include "io/provenance_summary.h"
#include "io/reencode.h"
#include "models/builders.h"
#include "models/fragment_evaluator.h"
#include "train/rng.h"

namespace qmlff::cli {

namespace {

// --from: the new file must reproduce the old one's energies and forces to this scaled
// deviation, |dE| / max(1 eV, |E|) and max |dF| / max(1 eV/A, max |F|) per geometry.
constexpr double kReencodeTol = 1e-9;
constexpr int kReencodeRandomGeometries = 100;


// Largest deviations between two models over the geometries compared so far.
struct Deviation {
  double e_abs = 0.0, e_rel = 0.0, f_abs = 0.0, f_rel = 0.0;
  int n = 0;
  void add(FragmentEvaluator& a, FragmentEvaluator& b, const std::vector<Vec3>& x) {
    std::vector<Vec3> fa(x.size()), fb(x.size());
    const double ea = a.energy_forces(x.data(), fa.data()), eb = b.energy_forces(x.data(), fb.data());
    double fmax = 0.0, df = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i)
      for (std::size_t k = 0; k < 3; ++k) {
        fmax = std::max(fmax, std::abs(fa[i][k]));
        df = std::max(df, std::isnan(fa[i][k] - fb[i][k]) ? INFINITY : std::abs(fa[i][k] - fb[i][k]));
      }
    const double de = std::isnan(ea - eb) ? INFINITY : std::abs(ea - eb);
    e_abs = std::max(e_abs, de);
    e_rel = std::max(e_rel, de / std::max(1.0, std::abs(ea)));
    f_abs = std::max(f_abs, df);
    f_rel = std::max(f_rel, df / std::max(1.0, fmax));
    ++n;
  }
};

int run_build_from(const BuildOptions& opt, std::ostream& out) {
  if (opt.encoding.empty()) throw Error("build: --from needs --encoding (su2 or bond)");
  const FragmentModel src = load_potential_file(opt.from);
  const Reencoded r = reencode_model(src, opt.encoding);
  FragmentModel m = r.model;
  if (!opt.name.empty()) m.name = opt.name;

  // Same energies and forces: random geometries within the fragment cutoff (no two atoms
  // closer than 0.5 A), then every frame of --check-data.
  FragmentEvaluator ev_src(src), ev_new(m);
  Deviation dev;
  std::mt19937_64 rng(1);
  const double radius = 0.5 * m.fragment_cutoff;
  std::vector<Vec3> x(static_cast<std::size_t>(m.n_atoms()));
  while (dev.n < kReencodeRandomGeometries) {
    for (auto& p : x)
      do {
        for (auto& c : p) c = radius * (2.0 * train::uniform01(rng) - 1.0);
      } while (p[0] * p[0] + p[1] * p[1] + p[2] * p[2] > radius * radius);
    bool close = false;
    for (std::size_t i = 0; i < x.size(); ++i)
      for (std::size_t j = i + 1; j < x.size(); ++j) {
        const double dx = x[i][0] - x[j][0], dy = x[i][1] - x[j][1], dz = x[i][2] - x[j][2];
        close = close || dx * dx + dy * dy + dz * dz < 0.25;
      }
    if (!close) dev.add(ev_src, ev_new, x);
  }
  nlohmann::json datasets = nlohmann::json::array();
  for (const auto& path : opt.check_data) {
    ExtxyzOptions xo;
    xo.forces_key = "\x01none";  // labels are not used
    const Dataset ds = read_extxyz(path, xo);
    for (std::size_t fi = 0; fi < ds.frames.size(); ++fi) {
      const Frame& f = ds.frames[fi];
      const std::string where = fmt::format("{}:{}: frame {}", path, f.line, fi + 1);
      dev.add(ev_src, ev_new, reorder_to_model(f.positions, match_species_order(f.species, m.species, where)));
    }
    datasets.push_back({{"path", path}, {"checksum", ds.checksum}, {"frames", ds.frames.size()}});
  }
  const std::string summary =
      fmt::format("{} geometries ({} random{}): max |dE| {:.3g} eV (scaled {:.3g}), max |dF| {:.3g} eV/A (scaled {:.3g})",
                  dev.n, kReencodeRandomGeometries, opt.check_data.empty() ? "" : ", the rest from --check-data",
                  dev.e_abs, dev.e_rel, dev.f_abs, dev.f_rel);
  if (!(dev.e_rel <= kReencodeTol && dev.f_rel <= kReencodeTol))
    throw Error(fmt::format("{}: the {} layout does not reproduce the file on {} (tolerance {:g}); nothing written",
                            opt.from, opt.encoding, summary, kReencodeTol));

  // Provenance: the source's, plus a record of this conversion (a list: files can be converted again).
  nlohmann::json prov = nlohmann::json::parse(src.provenance_json);
  if (!prov.is_object()) prov = {{"original", prov}};
  std::string command = "qmlff build --from " + opt.from + " --encoding " + opt.encoding;
  for (const auto& d : opt.check_data) command += " --check-data " + d;
  if (!opt.name.empty()) command += " --name " + opt.name;
  command += " -o " + opt.output;
  const BuilderOptions& so = r.source;
  prov["conversions"].push_back(
      {{"generator", "qmlff build --from"},
       {"qmlff_version", QMLFF_VERSION},
       {"date", utc_now()},
       {"command", command},
       {"source",
        {{"path", opt.from},
         {"checksum", sha256_checksum(read_text_file(opt.from))},
         {"kind", src.kind},
         {"depth", so.depth},
         {"blocks", so.blocks},
         {"symmetry_breaking", so.symmetry_breaking},
         {"encoding", so.encoding}}},
       {"encoding", opt.encoding},
       {"parameters_copied_by_label", m.parameters.size()},
       {"check",
        {{"random_geometries", kReencodeRandomGeometries},
         {"datasets", datasets},
         {"geometries", dev.n},
         {"max_abs_energy_deviation", dev.e_abs},
         {"max_scaled_energy_deviation", dev.e_rel},
         {"max_abs_force_deviation", dev.f_abs},
         {"max_scaled_force_deviation", dev.f_rel},
         {"scaled_as", "|dE|/max(1 eV, |E|), max|dF|/max(1 eV/A, max|F|) per geometry"},
         {"tolerance", kReencodeTol},
         {"units", {{"energy", "eV"}, {"forces", "eV/Angstrom"}}}}}});
  m.provenance_json = prov.dump();
  m.validate();
  save_potential_file(m, opt.output, opt.force);
  out << fmt::format("wrote {}: kind {}, encoding {} -> {}, {} gates, {} parameters copied by label (D={}, B={}, sb={})\n",
                     opt.output, m.kind, so.encoding, opt.encoding, m.circuit.gates.size(), m.parameters.size(), so.depth,
                     so.blocks, so.symmetry_breaking ? "yes" : "no");
  out << "same energies and forces on " << summary << "\n";
  return kExitOk;
}

}  // namespace

void setup_build(CLI::App& app) {
  auto opt = std::make_shared<BuildOptions>();
  std::string kinds;
  for (const auto& k : builder_kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
  CLI::App* sub = app.add_subcommand("build", "Write an untrained potential file made by a model builder, or (--from) "
                                               "a trained siVQLM file laid out with another encoding");
  // Everything that shapes a new model; --from takes all of it from the trained file.
  std::vector<CLI::Option*> shape;
  shape.push_back(sub->add_option("KIND", opt->kind, "model kind: " + kinds)->check(CLI::IsMember(builder_kinds())));
  sub->add_option("-o,--output", opt->output, "potential file to write")->required();
  shape.push_back(sub->add_option("--depth,-D", opt->depth, "trainable layers D (default: the kind's paper setting)")
                      ->check(CLI::NonNegativeNumber));
  shape.push_back(sub->add_option("--blocks,-B", opt->blocks, "exchange blocks per layer B (default: the kind's setting)")
                      ->check(CLI::PositiveNumber));
  auto* sb = sub->add_flag("--sb", opt->sb, "add symmetry-breaking RZ layers (model gets a body frame)");
  shape.push_back(sb);
  shape.push_back(sub->add_flag("--no-sb", opt->no_sb, "no symmetry-breaking layers")->excludes(sb));
  shape.push_back(sub->add_option("--species", opt->species, "species in model order (overrides the kind's default)"));
  shape.push_back(sub->add_option("--radial-width", opt->radial_width, "graph models: width of exp(-r/width) edge weights"));
  shape.push_back(sub->add_option("--qubits", opt->qubits, "generic_vqlm: qubits (default: max(3, internal coordinates))")
                      ->check(CLI::Range(0, 16)));
  sub->add_option("--encoding", opt->encoding,
                  "sivqlm_ab: su2 (default, the seed's exp(-i alpha u.sigma)) or bond (diagonal RZ of the bond "
                  "length: same energy, faster)")
      ->check(CLI::IsMember({"su2", "bond"}));
  sub->add_option("--name", opt->name, "model name stored in the file (default: the kind, or the --from file's)");
  shape.push_back(sub->add_option("--scale", opt->scale, "output scale s in E = s<O> + c (eV)")->capture_default_str());
  shape.push_back(sub->add_option("--offset", opt->offset, "output offset c in E = s<O> + c (eV)")->capture_default_str());
  shape.push_back(sub->add_option("--random-init", opt->random_init,
                                  "draw parameters uniformly from [-R, R] instead of the builder's defaults")
                      ->check(CLI::NonNegativeNumber));
  shape.push_back(sub->add_option("--seed", opt->seed, "seed of --random-init (std::mt19937_64)")->capture_default_str());
  auto* from = sub->add_option("--from", opt->from,
                               "instead of KIND: a trained sivqlm_ab/ab2/ab3 file, laid out again with --encoding "
                               "and the same parameters (copied by label; refused unless energies and forces agree)")
                   ->check(CLI::ExistingFile);
  for (auto* o : shape) from->excludes(o);
  sub->add_option("--check-data", opt->check_data,
                  "with --from: also compare the two files on every frame of these datasets (extended XYZ)")
      ->check(CLI::ExistingFile)
      ->needs(from);
  sub->add_flag("--force", opt->force, "replace an existing output file");
  bind_callback(sub, opt, [](const BuildOptions& o) { return run_build(o); });
}

int run_build(const BuildOptions& opt) { return run_build(opt, std::cout); }

int run_build(const BuildOptions& opt, std::ostream& out) {
  if (opt.output.empty()) throw Error("build: an output file (-o FILE) is required");
  if (!opt.from.empty()) return run_build_from(opt, out);
  if (opt.kind.empty()) throw Error("build: KIND (or --from FILE) is required");
  BuilderOptions bo = default_builder_options(opt.kind);  // throws with the list of kinds
  if (opt.depth >= 0) bo.depth = opt.depth;
  if (opt.blocks >= 0) bo.blocks = opt.blocks;
  if (opt.sb) bo.symmetry_breaking = true;
  if (opt.no_sb) bo.symmetry_breaking = false;
  if (!opt.species.empty()) bo.species = opt.species;
  if (opt.radial_width > 0.0) bo.radial_width = opt.radial_width;
  if (opt.qubits > 0) bo.qubits = opt.qubits;
  if (!opt.encoding.empty()) bo.encoding = opt.encoding;
  FragmentModel m = build_model(opt.kind, bo);
  if (!opt.name.empty()) m.name = opt.name;
  m.scale = opt.scale;
  m.offset = opt.offset;
  if (opt.random_init > 0.0) {
    std::mt19937_64 rng(opt.seed);
    for (double& p : m.parameters) {
      // Uniform in [-R, R] (train::uniform01: independent of the library's distributions).
      p = opt.random_init * (2.0 * train::uniform01(rng) - 1.0);
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
