// Writes random-parameter potential files for the LAMMPS tests:
//   make_test_potentials OUTDIR [SEED]
// Untrained models with random parameters exercise every gate and give non-trivial forces.
#include <cstdio>
#include <random>
#include <string>

#include "io/potential_file.h"
#include "models/builders.h"

using namespace qmlff;

namespace {
void write(const std::string& kind, BuilderOptions opt, const std::string& path, std::mt19937& rng,
           const std::string& name) {
  FragmentModel m = build_model(kind, opt);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  for (std::size_t p = 0; p < m.parameters.size(); ++p) {
    const bool alpha = m.parameter_labels[p].rfind("alpha", 0) == 0;
    m.parameters[p] = alpha ? 1.0 + 0.3 * u(rng) : u(rng);
  }
  m.scale = 0.5;
  m.offset = -10.0;
  m.name = name;
  save_potential_file(m, path, true);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUTDIR [SEED]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  std::mt19937 rng(argc > 2 ? std::stoul(argv[2]) : 20261122u);
  try {
    write("sivqlm_ab2", default_builder_options("sivqlm_ab2"), dir + "/h2o.json", rng, "test-h2o");
    write("sivqlm_ab", default_builder_options("sivqlm_ab"), dir + "/lih.json", rng, "test-lih");
    write("sivqlm_ab3", default_builder_options("sivqlm_ab3"), dir + "/nh3.json", rng, "test-nh3");
    BuilderOptions d = default_builder_options("sivqlm_ab2_dimer");
    d.symmetry_breaking = false;
    write("sivqlm_ab2_dimer", d, dir + "/water_dimer.json", rng, "test-water-dimer");
    d.symmetry_breaking = true;
    write("sivqlm_ab2_dimer", d, dir + "/water_dimer_sb.json", rng, "test-water-dimer-sb");
    BuilderOptions g;
    g.depth = 2;
    g.species = {"O", "H", "H"};
    write("graph", g, dir + "/graph_h2o.json", rng, "test-graph-h2o");
  } catch (std::exception& e) {
    std::fprintf(stderr, "make_test_potentials: %s\n", e.what());
    return 1;
  }
  return 0;
}
