#include "models/atomic_evaluator.h"

#include <cmath>

#include "core/error.h"

namespace qmlff {

namespace {

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

// (d/dd of f(r) rhat) applied to v: f'(r) (rhat . v) rhat + f(r)/r (v - (rhat . v) rhat).
// The matrix is symmetric, so the same form gives the transpose action (forces).
void add_radial_vector_jac(double f, double f1, double r, const Vec3& rhat, const Vec3& v, double s, Vec3& out) {
  const double along = dot(rhat, v);
  for (int x = 0; x < 3; ++x) out[x] += s * (f1 * along * rhat[x] + f / r * (v[x] - along * rhat[x]));
}

}  // namespace

AtomicEvaluator::AtomicEvaluator(const AtomicModel& model) : model_(model) {
  model_.validate();
  for (const AtomicCentre& c : model_.centres) circuits_.push_back(std::make_unique<CircuitEvaluator>(c.circuit));
  const int nc = model_.n_channels();
  for (auto* v : {&inputs_, &image_, &grad_, &grad_image_, &w_in_, &w_image_, &ddu_, &ddu_image_}) v->resize(nc);
}

void AtomicEvaluator::environment(const double* theta, int centre, const AtomicNeighbour* nb, int n) {
  const AtomicCentre& C = model_.centres[centre];
  const int K = model_.n_vector, L = model_.n_scalar, NB = model_.basis.size();
  if (static_cast<int>(terms_.size()) < n) terms_.resize(n);
  std::fill(inputs_.begin(), inputs_.end(), Vec3{0.0, 0.0, 0.0});
  for (int j = 0; j < n; ++j) {
    NeighbourTerms& t = terms_[j];
    t.r = std::sqrt(dot(nb[j].d, nb[j].d));
    if (!(t.r > 0.0))
      throw Error("a neighbour (species " + model_.species[nb[j].species] + ") sits on an atom of species " +
                  model_.species[centre] + ": two atoms coincide");
    for (int x = 0; x < 3; ++x) t.rhat[x] = nb[j].d[x] / t.r;
    t.g.resize(NB);
    t.g1.resize(NB);
    model_.basis.evaluate(t.r, t.g.data(), t.g1.data(), nullptr);
    if (t.r >= model_.cutoff()) continue;
    const int sp = nb[j].species;
    for (int c = 0; c < K + L; ++c) {
      const std::vector<int>& w = C.weights[c][sp];
      double R = 0.0;
      for (int b = 0; b < NB; ++b) R += weight(theta, w[b]) * t.g[b];
      if (c < K) {
        for (int x = 0; x < 3; ++x) inputs_[c][x] += R * t.rhat[x];
      } else {
        inputs_[c][0] += R;
      }
    }
  }
}

double AtomicEvaluator::atom(int centre, const AtomicNeighbour* nb, int n, Vec3* dE_dd) {
  return atom_train(model_.parameters.data(), centre, nb, n, nullptr, dE_dd, nullptr, nullptr);
}

double AtomicEvaluator::atom_train(const double* theta, int centre, const AtomicNeighbour* nb, int n, const Vec3* dir,
                                   Vec3* dE_dd, double* d_theta, double* dd_theta) {
  const AtomicCentre& C = model_.centres[centre];
  const int K = model_.n_vector, L = model_.n_scalar, NB = model_.basis.size(), nc = K + L;
  environment(theta, centre, nb, n);
  const int ncp = C.circuit.n_params;
  theta_local_.resize(ncp);
  for (int k = 0; k < ncp; ++k) theta_local_[k] = theta[C.circuit_params[k]];
  // The inversion image: vector channels flip, scalar channels do not.
  auto parity = [K](int k) { return k < K ? -1.0 : 1.0; };
  for (int k = 0; k < nc; ++k)
    for (int x = 0; x < 3; ++x) image_[k][x] = parity(k) * inputs_[k][x];

  // R_c(r_j) and R_c'(r_j) of neighbour j in channel c (radial weights of its species).
  auto radial = [&](int c, int j, double& R, double& R1) {
    const std::vector<int>& w = C.weights[c][nb[j].species];
    R = R1 = 0.0;
    for (int b = 0; b < NB; ++b) {
      const double wb = weight(theta, w[b]);
      R += wb * terms_[j].g[b];
      R1 += wb * terms_[j].g1[b];
    }
  };

  CircuitEvaluator& ev = *circuits_[centre];
  const double* th = theta_local_.data();
  const bool want_theta = d_theta || dd_theta;
  const bool want_md = dir && dd_theta;
  double c0 = 0.0, c1 = 0.0, dir0 = 0.0, dir1 = 0.0;
  if (want_md || want_theta) {
    dth_.resize(ncp);
    dth_image_.resize(ncp);
  }
  if (want_md) {
    // The environment's tangent along the neighbours' relative displacements dir_j.
    std::fill(w_in_.begin(), w_in_.end(), Vec3{0.0, 0.0, 0.0});
    for (int j = 0; j < n; ++j) {
      if (terms_[j].r >= model_.cutoff()) continue;
      for (int c = 0; c < nc; ++c) {
        double R, R1;
        radial(c, j, R, R1);
        if (c < K)
          add_radial_vector_jac(R, R1, terms_[j].r, terms_[j].rhat, dir[j], 1.0, w_in_[c]);
        else
          w_in_[c][0] += R1 * dot(terms_[j].rhat, dir[j]);
      }
    }
    for (int k = 0; k < nc; ++k)
      for (int x = 0; x < 3; ++x) w_image_[k][x] = parity(k) * w_in_[k][x];
    ddth_.resize(ncp);
    ddth_image_.resize(ncp);
    c0 = ev.mixed(th, inputs_.data(), w_in_.data(), dth_.data(), grad_.data(), &dir0, ddth_.data(), ddu_.data());
    c1 = ev.mixed(th, image_.data(), w_image_.data(), dth_image_.data(), grad_image_.data(), &dir1,
                  ddth_image_.data(), ddu_image_.data());
  } else if (want_theta) {
    c0 = ev.gradient(th, inputs_.data(), dth_.data(), grad_.data());
    c1 = ev.gradient(th, image_.data(), dth_image_.data(), grad_image_.data());
  } else if (dE_dd) {
    double vals[2];
    ev.gradient2(th, inputs_.data(), image_.data(), vals, grad_.data(), grad_image_.data());
    c0 = vals[0], c1 = vals[1];
  } else {
    c0 = ev.value(th, inputs_.data());
    c1 = ev.value(th, image_.data());
  }
  const double half = 0.5 * C.scale;
  const double energy = C.e0 + half * (c0 + c1);
  if (!dE_dd && !want_theta) return energy;

  // dE_i/d inputs (both images, mapped back to the inputs), then through the radial sums.
  for (int k = 0; k < nc; ++k)
    for (int x = 0; x < 3; ++x) grad_[k][x] = half * (grad_[k][x] + parity(k) * grad_image_[k][x]);
  if (want_md)
    for (int k = 0; k < nc; ++k)
      for (int x = 0; x < 3; ++x) ddu_[k][x] = half * (ddu_[k][x] + parity(k) * ddu_image_[k][x]);
  if (dE_dd) {
    for (int j = 0; j < n; ++j) {
      dE_dd[j] = {0.0, 0.0, 0.0};
      if (terms_[j].r >= model_.cutoff()) continue;
      for (int c = 0; c < nc; ++c) {
        double R, R1;
        radial(c, j, R, R1);
        if (c < K) {
          add_radial_vector_jac(R, R1, terms_[j].r, terms_[j].rhat, grad_[c], 1.0, dE_dd[j]);
        } else {
          for (int x = 0; x < 3; ++x) dE_dd[j][x] += R1 * grad_[c][0] * terms_[j].rhat[x];
        }
      }
    }
  }
  if (d_theta) {
    for (int k = 0; k < ncp; ++k) d_theta[C.circuit_params[k]] += half * (dth_[k] + dth_image_[k]);
  }
  if (want_md) {
    for (int k = 0; k < ncp; ++k) dd_theta[C.circuit_params[k]] += half * (ddth_[k] + ddth_image_[k]);
  }
  // Radial weights: dE/dW = G_c . (g_b rhat) (vector) or G_e,x g_b (scalar); with a
  // direction, d/dW (G . w_in) = (H w_in)_c . (g_b rhat) + G_c . d(g_b rhat)/dd . dir.
  for (int j = 0; j < n && (d_theta || want_md); ++j) {
    const NeighbourTerms& t = terms_[j];
    if (t.r >= model_.cutoff()) continue;
    const int sp = nb[j].species;
    const double along_dir = want_md ? dot(t.rhat, dir[j]) : 0.0;
    for (int c = 0; c < nc; ++c) {
      const std::vector<int>& w = C.weights[c][sp];
      const double g_along = c < K ? dot(grad_[c], t.rhat) : grad_[c][0];
      const double h_along = want_md ? (c < K ? dot(ddu_[c], t.rhat) : ddu_[c][0]) : 0.0;
      double g_dir_perp = 0.0;  // G_c . (dir - (rhat . dir) rhat) / r
      if (want_md && c < K) g_dir_perp = (dot(grad_[c], dir[j]) - g_along * along_dir) / t.r;
      for (int b = 0; b < NB; ++b) {
        if (w[b] < 0) continue;
        if (d_theta) d_theta[w[b]] += g_along * t.g[b];
        if (want_md) {
          double v = h_along * t.g[b];
          if (c < K)
            v += g_along * t.g1[b] * along_dir + t.g[b] * g_dir_perp;
          else
            v += g_along * t.g1[b] * along_dir;
          dd_theta[w[b]] += v;
        }
      }
    }
  }
  return energy;
}

void AtomicEvaluator::structure_neighbours(const Vec3* positions, const int* species, int n_atoms, int a) {
  nb_.clear();
  nb_index_.clear();
  const double rc2 = model_.cutoff() * model_.cutoff();
  for (int j = 0; j < n_atoms; ++j) {
    if (j == a) continue;
    AtomicNeighbour e;
    e.species = species[j];
    for (int x = 0; x < 3; ++x) e.d[x] = positions[j][x] - positions[a][x];
    const double r2 = dot(e.d, e.d);
    if (r2 == 0.0)
      throw Error("atoms " + std::to_string(std::min(a, j) + 1) + " and " + std::to_string(std::max(a, j) + 1) +
                  " (1-based) coincide");
    if (r2 >= rc2) continue;
    nb_.push_back(e);
    nb_index_.push_back(j);
  }
}

double AtomicEvaluator::structure(const Vec3* positions, const int* species, int n_atoms, Vec3* forces,
                                  std::array<double, 6>* virial, double* atom_energies) {
  double energy = 0.0;
  if (forces) std::fill(forces, forces + n_atoms, Vec3{0.0, 0.0, 0.0});
  if (virial) virial->fill(0.0);
  const bool want_grad = forces || virial;
  for (int a = 0; a < n_atoms; ++a) {
    structure_neighbours(positions, species, n_atoms, a);
    const int n = static_cast<int>(nb_.size());
    dE_dd_.resize(n);
    const double ea = atom(species[a], nb_.data(), n, want_grad ? dE_dd_.data() : nullptr);
    energy += ea;
    if (atom_energies) atom_energies[a] = ea;
    if (!want_grad) continue;
    for (int k = 0; k < n; ++k) {
      const Vec3& g = dE_dd_[k];
      if (forces)
        for (int x = 0; x < 3; ++x) {
          forces[a][x] += g[x];
          forces[nb_index_[k]][x] -= g[x];
        }
      if (virial) {
        const Vec3& d = nb_[k].d;
        (*virial)[0] -= d[0] * g[0];
        (*virial)[1] -= d[1] * g[1];
        (*virial)[2] -= d[2] * g[2];
        (*virial)[3] -= d[0] * g[1];
        (*virial)[4] -= d[0] * g[2];
        (*virial)[5] -= d[1] * g[2];
      }
    }
  }
  return energy;
}

double AtomicEvaluator::train_terms(const double* theta, const Vec3* positions, const int* species, int n_atoms,
                                    Vec3* forces, double* dE_dtheta, const Vec3* w, double* dFw_dtheta) {
  const int np = model_.n_params();
  if (dE_dtheta) std::fill(dE_dtheta, dE_dtheta + np, 0.0);
  if (dFw_dtheta) std::fill(dFw_dtheta, dFw_dtheta + np, 0.0);
  if (forces) std::fill(forces, forces + n_atoms, Vec3{0.0, 0.0, 0.0});
  double energy = 0.0;
  for (int a = 0; a < n_atoms; ++a) {
    structure_neighbours(positions, species, n_atoms, a);
    const int n = static_cast<int>(nb_.size());
    dE_dd_.resize(n);
    dir_nb_.resize(n);
    if (w)
      for (int k = 0; k < n; ++k)
        for (int x = 0; x < 3; ++x) dir_nb_[k][x] = w[nb_index_[k]][x] - w[a][x];
    // dFw accumulates d/dtheta (dE/dx . w) here and is negated at the end (F = -dE/dx).
    energy += atom_train(theta, species[a], nb_.data(), n, w ? dir_nb_.data() : nullptr, dE_dd_.data(), dE_dtheta,
                         w ? dFw_dtheta : nullptr);
    if (forces)
      for (int k = 0; k < n; ++k)
        for (int x = 0; x < 3; ++x) {
          forces[a][x] += dE_dd_[k][x];
          forces[nb_index_[k]][x] -= dE_dd_[k][x];
        }
  }
  if (w && dFw_dtheta)
    for (int p = 0; p < np; ++p) dFw_dtheta[p] = -dFw_dtheta[p];
  return energy;
}

}  // namespace qmlff
