#pragma once
// Shared checks for the fixed baseline terms of a fragment model (repulsion, coulomb):
// they add to the training terms without touching the parameter derivatives, MinMax
// scaling sees energies net of them, and potential files keep them bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "io/potential_file.h"
#include "model_test_helpers.h"
#include "train/data.h"

namespace qmlff::testing {

// A small coupled water-dimer circuit (D = 2, monomer inputs, molecule coupling) to carry a term.
inline BuilderOptions small_dimer_options() {
  BuilderOptions o;
  o.depth = 2;
  o.dimer_inputs = "monomer";
  o.dimer_coupling = "molecule";
  return o;
}

// plain and with are the same circuit without and with the term. Training terms with the
// term give the energy and forces of energy_forces, and dE/dtheta and d(F.w)/dtheta of the
// circuit alone (the term has no parameters). Returns the energy the term adds at x.
inline double expect_train_terms_add_only_energy_and_forces(FragmentEvaluator& plain, FragmentEvaluator& with,
                                                            const std::vector<Vec3>& x) {
  const int n = static_cast<int>(x.size()), np = with.model().n_params();
  std::vector<Vec3> w(n), f0(n), f1(n), fe(n);
  for (int a = 0; a < n; ++a) w[a] = {0.3 * a - 0.7, 0.1 * a, 0.5 - 0.2 * a};
  std::vector<double> de0(np), de1(np), dfw0(np), dfw1(np);
  const double* theta = with.model().parameters.data();
  const double e0 = plain.train_terms(theta, x.data(), f0.data(), de0.data(), w.data(), dfw0.data());
  const double e1 = with.train_terms(theta, x.data(), f1.data(), de1.data(), w.data(), dfw1.data());
  EXPECT_EQ(de0, de1);
  EXPECT_EQ(dfw0, dfw1);
  const double e_ref = with.energy_forces(x.data(), fe.data());
  EXPECT_NEAR(e1, e_ref, 1e-13);
  for (int a = 0; a < n; ++a)
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(f1[a][k], fe[a][k], 1e-12);
  return e1 - e0;
}

// MinMax scaling maps E - term (what the circuit must represent) onto the observable.
inline void expect_minmax_scaling_net_of(FragmentModel m, const std::function<double(const Vec3*)>& term,
                                         std::mt19937& rng) {
  std::vector<train::TrainFrame> frames(3);
  std::vector<double> net;
  for (int i = 0; i < 3; ++i) {
    frames[i].positions = sample_geometry(m.kind, rng);
    frames[i].energy = -0.1 * i;
    net.push_back(frames[i].energy - term(frames[i].positions.data()));
  }
  const auto [emin, emax] = train::set_minmax_scaling(m, frames, {0, 1, 2}, 0.0, -1.0, 1.0);
  EXPECT_NEAR(emin, *std::min_element(net.begin(), net.end()), 1e-14);
  EXPECT_NEAR(emax, *std::max_element(net.begin(), net.end()), 1e-14);
  EXPECT_NEAR(m.offset - m.scale, emin, 1e-14);
}

// save -> load -> save is byte-identical, the file has the given version, and the loaded
// model gives the same energy bit for bit. Returns the loaded model.
inline FragmentModel expect_round_trip_bit_identical(const FragmentModel& m, int version, const std::vector<Vec3>& x) {
  const std::string text = serialize_potential(m);
  EXPECT_NE(text.find("\"version\": " + std::to_string(version)), std::string::npos);
  const FragmentModel back = parse_potential(text, "mem.json");
  EXPECT_EQ(serialize_potential(back), text);
  FragmentEvaluator a(m), b(back);
  EXPECT_EQ(a.energy(x.data()), b.energy(x.data()));
  return back;
}

}  // namespace qmlff::testing
