#pragma once
// Time left in a training run whose steps cost differently by phase: a force step (energy
// and forces: one gradient and one mixed sweep per frame) costs ~2-3 energy-only steps, so
// an ETA from the mean step time is far too short during a two-phase run's energy phase.
#include <limits>

namespace qmlff::train {

class PhaseEta {
 public:
  // Until a force step has been timed it is estimated at this multiple of an energy step
  // (paper-size H2O: 7.4 / 3.2 ms, potentials/README.md), and vice versa.
  static constexpr double kForceStepCostRatio = 2.3;

  void record(bool force_phase, double seconds) {
    seconds_[force_phase] += seconds;
    steps_[force_phase] += 1;
  }
  // Seconds for the remaining steps of each phase; NaN before any step was timed.
  double eta(long remaining_energy_steps, long remaining_force_steps) const {
    const double e = per_step(false), f = per_step(true);
    return (remaining_energy_steps > 0 ? remaining_energy_steps * e : 0.0) +
           (remaining_force_steps > 0 ? remaining_force_steps * f : 0.0);
  }

 private:
  double per_step(bool force_phase) const {
    if (steps_[force_phase] > 0) return seconds_[force_phase] / steps_[force_phase];
    const bool other = !force_phase;
    if (steps_[other] == 0) return std::numeric_limits<double>::quiet_NaN();
    const double t = seconds_[other] / steps_[other];
    return force_phase ? t * kForceStepCostRatio : t / kForceStepCostRatio;
  }
  double seconds_[2] = {0.0, 0.0};
  long steps_[2] = {0, 0};
};

}  // namespace qmlff::train
