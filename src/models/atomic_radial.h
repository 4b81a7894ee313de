#pragma once
// Radial basis of the atom-centred models: functions g_b(r) fc(r) of a neighbour
// distance, with the smooth cutoff fc folded in, and their first two derivatives.
//
//   fc(x = r / r_c) = 1 - 10 x^3 + 15 x^4 - 6 x^5  for x < 1, else 0:
//   fc, fc' and fc'' vanish at r_c, so energies, forces and their first derivatives are
//   continuous when a neighbour crosses the cutoff (a C2 switch; MD needs at least C1).
//   Basis "gaussian": g_b(r) = exp(-((r - mu_b) / width)^2), mu_b evenly spaced from
//   r_min to r_c (n functions); "linear": one function g(r) = r (the seed's baseline:
//   fc(r) r rhat = the raw neighbour vector, switched off smoothly at the cutoff).
#include <string>
#include <vector>

namespace qmlff {

struct RadialBasis {
  enum class Type { Gaussian, Linear };
  Type type = Type::Gaussian;
  int n = 8;            // number of functions (1 for linear)
  double r_min = 0.5;   // first Gaussian centre (Å)
  double cutoff = 5.0;  // r_c (Å)
  double width = 0.5;   // Gaussian width (Å)

  int size() const { return type == Type::Linear ? 1 : n; }
  double centre(int b) const { return size() == 1 ? r_min : r_min + (cutoff - r_min) * b / (size() - 1); }
  // values[b] = g_b(r) fc(r), d1[b] = its r-derivative, d2[b] the second (each may be null).
  // Zero at and beyond the cutoff.
  void evaluate(double r, double* values, double* d1, double* d2) const;
  // Throws qmlff::Error when the fields are inconsistent (n < 1, width <= 0, r_min >= r_c).
  void validate() const;

  static Type parse_type(const std::string& s);  // "gaussian" or "linear"
  static const char* type_name(Type t);
};

// The smooth cutoff alone: fc(r) and its two derivatives (zero beyond r_c).
void smooth_cutoff(double r, double cutoff, double& f, double& d1, double& d2);

}  // namespace qmlff
