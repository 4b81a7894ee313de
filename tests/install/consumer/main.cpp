// Evaluates the installed H2O potential through the installed library: energy, forces, and
// forces against central differences of the energy. Prints OK or FAIL.
#include <cmath>
#include <cstdio>
#include <vector>

#include "io/potential_file.h"
#include "models/fragment_evaluator.h"

int main() {
  const qmlff::FragmentModel model = qmlff::load_potential_file(POTENTIALS_DIR "/h2o.json");
  qmlff::FragmentEvaluator ev(model);
  std::vector<qmlff::Vec3> x = {{0.0, 0.0, 0.0}, {0.99, 0.05, 0.0}, {-0.25, 0.90, 0.1}};
  std::vector<qmlff::Vec3> f(3);
  const double e = ev.energy_forces(x.data(), f.data());
  double worst = 0.0;
  const double h = 1e-5;
  for (int a = 0; a < 3; a++)
    for (int k = 0; k < 3; k++) {
      auto p = x, m = x;
      p[a][k] += h;
      m[a][k] -= h;
      const double fd = -(ev.energy(p.data()) - ev.energy(m.data())) / (2 * h);
      worst = std::fmax(worst, std::fabs(fd - f[a][k]));
    }
  const bool ok = std::isfinite(e) && e != 0.0 && worst < 1e-6;
  std::printf("%s: %s E = %.10f eV, max |F - F_fd| = %.2e eV/A: %s\n", POTENTIALS_DIR "/h2o.json",
              model.name.c_str(), e, worst, ok ? "OK" : "FAIL");
  return ok ? 0 : 1;
}
