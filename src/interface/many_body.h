#pragma once
// Pieces of the many-body expansion E = sum_i E1(i) + sum_{i<j} s(r_ij) E2(i, j) that do not
// depend on LAMMPS: the switching function on the anchor-anchor distance, and what a
// two-body model was trained on (an interaction energy is needed; a total dimer energy
// would count the monomers twice).
#include <array>
#include <string>

#include "models/fragment_model.h"
#include "sim/types.h"

namespace qmlff {

// s(r) = 1 for r <= r_s, 0 for r >= r_c, and 1 - (10t^3 - 15t^4 + 6t^5) in between with
// t = (r - r_s)/(r_c - r_s): continuous with continuous first and second derivatives, so
// forces are continuous and NVE conserves energy across the switching shell.
class SmoothSwitch {
 public:
  SmoothSwitch(double r_s, double r_c);  // throws qmlff::Error unless 0 <= r_s < r_c
  double r_s() const { return r_s_; }
  double r_c() const { return r_c_; }
  // s(r); ds/dr in *dsdr
  double value(double r, double* dsdr) const;

 private:
  double r_s_, r_c_;
};

enum class EnergyTarget { Total, Interaction, Unknown };

// From the model's provenance (the training config's data.energy_key): Interaction when
// the key names an interaction energy, Total for any other key, Unknown without training
// provenance (e.g. a hand-made file).
EnergyTarget trained_energy_target(const FragmentModel& model);
std::string trained_energy_key(const FragmentModel& model);  // "" when unknown

// Checks that a two-body model can serve as E2 with switching radius r_c. Throws
// qmlff::Error when it was trained on total energies or r_c exceeds its fragment cutoff;
// returns a warning ("" if none) when it has no training provenance. `name` and `file`
// identify the model in the messages (the caller adds its own prefix).
std::string check_pair_model(const FragmentModel& model, const std::string& name, const std::string& file,
                             double r_c);

// E = s(r) E2 for one pair term whose n atoms are at pos (one image) with E2 = e2, forces
// frc and virial w2 (order xx yy zz xy xz yz) from the two-body model; a0, a1 are the
// positions in the term of its two pair anchors. Scales frc by s, adds the switch's force
// -E2 ds/dr dr/dx on the anchors and, when w_out is given, writes the switched virial.
// Returns s(r) E2.
double switch_pair_term(const SmoothSwitch& sw, const Vec3* pos, Vec3* frc, int n, int a0, int a1, double e2,
                        const std::array<double, 6>& w2, std::array<double, 6>* w_out);

}  // namespace qmlff
