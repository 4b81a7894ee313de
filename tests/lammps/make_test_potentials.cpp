// Writes random-parameter potential files for the LAMMPS tests:
//   make_test_potentials OUTDIR [SEED]
// Untrained models with random parameters exercise every gate and give non-trivial forces.
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "atomic_reference.h"
#include "core/error.h"
#include "io/atomic_potential_file.h"
#include "io/potential_file.h"
#include "models/builders.h"
#include "models/fragment_evaluator.h"

using namespace qmlff;

namespace {
FragmentModel random_model(const std::string& kind, const BuilderOptions& opt, std::mt19937& rng,
                           const std::string& name) {
  FragmentModel m = build_model(kind, opt);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  for (std::size_t p = 0; p < m.parameters.size(); ++p) {
    const bool alpha = is_encoding_scale_label(m.parameter_labels[p]);
    m.parameters[p] = alpha ? 1.0 + 0.3 * u(rng) : u(rng);
  }
  m.scale = 0.5;
  m.offset = -10.0;
  m.name = name;
  return m;
}

void write(const std::string& kind, BuilderOptions opt, const std::string& path, std::mt19937& rng,
           const std::string& name) {
  save_potential_file(random_model(kind, opt, rng, name), path, true);
}

// Does the model bind the molecule? Steepest descent from x (in model order) to a
// minimum, then the numerical Hessian must have 6 near-zero (rigid) modes and all other
// curvatures >= kmin, with all atoms within 0.6 fragment_cutoff of each other and no two
// closer than 0.6 A.
bool binds(const FragmentModel& m, std::vector<Vec3> x) {
  FragmentEvaluator ev(m);
  const int n = m.n_atoms();
  std::vector<Vec3> f(n), f2(n);
  double step = 0.01, e = ev.energy_forces(x.data(), f.data());
  for (int it = 0; it < 20000; ++it) {
    double fmax = 0;
    for (auto& v : f)
      for (double c : v) fmax = std::max(fmax, std::abs(c));
    if (fmax < 1e-9) break;
    std::vector<Vec3> y = x;
    for (int a = 0; a < n; ++a)
      for (int d = 0; d < 3; ++d) y[a][d] += step * f[a][d];
    const double ey = ev.energy_forces(y.data(), f2.data());
    if (ey < e) {
      x = y; e = ey; f = f2; step = std::min(step * 1.2, 0.05);
    } else {
      step *= 0.5;
      if (step < 1e-14) break;
    }
  }
  for (int a = 0; a < n; ++a)
    for (int b = a + 1; b < n; ++b) {
      double r2 = 0;
      for (int d = 0; d < 3; ++d) r2 += (x[a][d] - x[b][d]) * (x[a][d] - x[b][d]);
      const double r = std::sqrt(r2);
      if (r > 0.6 * m.fragment_cutoff || r < 0.6) return false;
    }
  const int N = 3 * n;
  Eigen::MatrixXd H(N, N);
  const double h = 1e-4;
  for (int k = 0; k < N; ++k) {
    std::vector<Vec3> p = x, q = x;
    p[k / 3][k % 3] += h;
    q[k / 3][k % 3] -= h;
    ev.energy_forces(p.data(), f.data());
    ev.energy_forces(q.data(), f2.data());
    for (int l = 0; l < N; ++l) H(l, k) = -(f[l / 3][l % 3] - f2[l / 3][l % 3]) / (2 * h);
  }
  H = 0.5 * (H + H.transpose());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(H);
  const auto& ev_ = es.eigenvalues();
  const int rigid = n == 2 ? 5 : 6;
  for (int k = 0; k < rigid; ++k)
    if (std::abs(ev_[k]) > 1e-3) return false;
  return ev_[rigid] > 0.3;  // eV/A^2
}

// Random shallow models until one binds the molecule (deterministic for a seed).
void write_bound(const std::string& kind, const std::vector<Vec3>& geom, const std::string& path,
                 std::mt19937& rng, const std::string& name) {
  BuilderOptions o = default_builder_options(kind);
  o.depth = 2;
  o.symmetry_breaking = false;
  for (int attempt = 0; attempt < 200; ++attempt) {
    FragmentModel m = random_model(kind, o, rng, name);
    if (binds(m, geom)) {
      std::printf("%s: bound random model after %d attempts\n", path.c_str(), attempt + 1);
      save_potential_file(m, path, true);
      return;
    }
  }
  throw Error("no bound random model found for " + kind);
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
    // shallow models for the NVE tests (fast), chosen so that they bind the molecule
    const double a = 104.52 * M_PI / 180.0;
    write_bound("sivqlm_ab2", {{0, 0, 0}, {0.9572, 0, 0}, {0.9572 * std::cos(a), 0.9572 * std::sin(a), 0}},
                dir + "/nve_h2o.json", rng, "test-nve-h2o");
    write_bound("sivqlm_ab", {{0, 0, 0}, {1.5957, 0, 0}}, dir + "/nve_lih.json", rng, "test-nve-lih");
    write_bound("sivqlm_ab3",
                {{0, 0, 0}, {0.9377, 0, -0.3816}, {-0.4689, 0.8121, -0.3816}, {-0.4689, -0.8121, -0.3816}},
                dir + "/nve_nh3.json", rng, "test-nve-nh3");
    // (no bound random dimer model was found among 200 shallow ones: the NVE test of the
    // dimer uses water_dimer.json at low temperature)
    BuilderOptions g;
    g.depth = 2;
    g.species = {"O", "H", "H"};
    write("graph", g, dir + "/graph_h2o.json", rng, "test-graph-h2o");
    // two-body term of the many-body expansion, marked as trained on interaction energies
    // (last, so the files above stay as they were)
    d.symmetry_breaking = false;
    FragmentModel e2 = random_model("sivqlm_ab2_dimer", d, rng, "test-water-dimer-interaction");
    e2.scale = 0.05;
    e2.offset = 0.0;
    e2.provenance_json = R"({"config": {"data": {"energy_key": "interaction_energy"}}})";
    save_potential_file(e2, dir + "/water_dimer_int.json", true);
    e2.provenance_json = R"({"config": {"data": {"energy_key": "energy"}}})";  // total: refused in mbe
    save_potential_file(e2, dir + "/water_dimer_total.json", true);
    // generic (non-equivariant) VQLM on internal coordinates
    BuilderOptions gv = default_builder_options("generic_vqlm");
    gv.depth = 3;
    gv.species = {"O", "H", "H"};
    write("generic_vqlm", gv, dir + "/generic_h2o.json", rng, "test-generic-h2o");
    // the two-body model again with a fixed Born-Mayer repulsion (0.01-0.1 eV per pair at
    // liquid O-O distances, so an error in its forces or virial would show)
    PairRepulsion rep;
    rep.groups = PairRepulsion::default_groups("sivqlm_ab2_dimer", 6);
    rep.terms = {{"O", "O", 40.0, 0.45}, {"H", "O", 25.0, 0.4}, {"H", "H", 10.0, 0.35}};
    e2.repulsion = rep;
    e2.provenance_json = R"({"config": {"data": {"energy_key": "interaction_energy"}}})";
    save_potential_file(e2, dir + "/water_dimer_int_rep.json", true);
    // atom-centred models (own seeds, so the files above stay as they were): H/O with a
    // 4 A cutoff, and H/C/O for the type-mapping tests
    save_atomic_potential_file(qmlff_test::random_atomic_model(19, {"H", "O"}), dir + "/atomic_ho.json", true);
    save_atomic_potential_file(qmlff_test::random_atomic_model(23, {"H", "C", "O"}), dir + "/atomic_hco.json", true);
  } catch (std::exception& e) {
    std::fprintf(stderr, "make_test_potentials: %s\n", e.what());
    return 1;
  }
  return 0;
}
