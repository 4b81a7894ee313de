#include "models/fragment_evaluator.h"

#include <algorithm>

namespace qmlff {

namespace {

const Vec3 kMirror{1.0, -1.0, 1.0};  // image used by inversion_average

// out = J in (or J^T in) for a row-major Jacobian J of (3 n_out x 3 n_in), n_in lab
// inputs and n_out circuit inputs (square for a body frame, not for internal coordinates).
void jacobian_apply(const std::vector<double>& jac, std::size_t n_out, std::size_t n_in,
                    const std::vector<Vec3>& in, std::vector<Vec3>& out, bool transpose) {
  const std::size_t rows = 3 * n_out, cols = 3 * n_in;
  const std::size_t m = transpose ? cols : rows, k = transpose ? rows : cols;
  out.resize(m / 3);
  for (std::size_t i = 0; i < m; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < k; ++j) s += (transpose ? jac[j * cols + i] : jac[i * cols + j]) * in[j / 3][j % 3];
    out[i / 3][i % 3] = s;
  }
}

}  // namespace

FragmentEvaluator::FragmentEvaluator(const FragmentModel& model) : model_(model) {
  model_.validate();
  if (model_.network) {
    network_eval_.emplace(*model_.network, model_.species);
    network_grad_.resize(model_.species.size());
    return;
  }
  circuit_eval_.emplace(model_.circuit);
  for (auto* v : {&lab_inputs_, &lab_dir_}) v->resize(model_.input_map.size());
  for (auto* v : {&inputs_, &d_inputs_, &dir_inputs_, &image_inputs_, &image_dir_, &image_d_inputs_})
    v->resize(model_.circuit.n_inputs);
  image_d_theta_.resize(model_.circuit.n_params);
  image_dd_theta_.resize(model_.circuit.n_params);
}

double FragmentEvaluator::circuit_terms(const double* theta, const Vec3* w_inputs, double* d_theta,
                                        double* dir, double* dd_theta) {
  const std::size_t n = inputs_.size();
  const int np = model_.circuit.n_params;
  if (!model_.inversion_average) {
    return w_inputs ? circuit_eval_->mixed(theta, inputs_.data(), w_inputs, d_theta, d_inputs_.data(), dir, dd_theta)
                    : circuit_eval_->gradient(theta, inputs_.data(), d_theta, d_inputs_.data());
  }
  // g(u) = (E(u) + E(Pu))/2 with the mirror P = diag(1, -1, 1): grad_u of the image term
  // is P grad E(Pu), and its directional terms use the direction Pw at Pu. A mirror
  // through a plane containing z (rather than -1) keeps this right for body-frame
  // models, which are only invariant under rotations about z; for fully rotation
  // invariant models any improper operation gives the same image energy.
  if (!w_inputs && !d_theta) {  // forces only (MD): both images in one pair of sweeps
    for (std::size_t k = 0; k < n; ++k)
      for (int x = 0; x < 3; ++x) image_inputs_[k][x] = kMirror[x] * inputs_[k][x];
    double values[2];
    circuit_eval_->gradient2(theta, inputs_.data(), image_inputs_.data(), values, d_inputs_.data(),
                             image_d_inputs_.data());
    for (std::size_t k = 0; k < n; ++k)
      for (int x = 0; x < 3; ++x) d_inputs_[k][x] = 0.5 * (d_inputs_[k][x] + kMirror[x] * image_d_inputs_[k][x]);
    return 0.5 * (values[0] + values[1]);
  }
  double value = 0, dir_sum = 0;
  std::vector<Vec3> sum_d(n, Vec3{0, 0, 0});
  if (d_theta) std::fill(d_theta, d_theta + np, 0.0);
  if (dd_theta) std::fill(dd_theta, dd_theta + np, 0.0);
  for (int image = 0; image < 2; ++image) {
    const Vec3 sign = image == 0 ? Vec3{1, 1, 1} : kMirror;
    for (std::size_t k = 0; k < n; ++k)
      for (int x = 0; x < 3; ++x) {
        image_inputs_[k][x] = sign[x] * inputs_[k][x];
        if (w_inputs) image_dir_[k][x] = sign[x] * w_inputs[k][x];
      }
    double d = 0;
    value += 0.5 * (w_inputs ? circuit_eval_->mixed(theta, image_inputs_.data(), image_dir_.data(),
                                                   d_theta ? image_d_theta_.data() : nullptr,
                                                   image_d_inputs_.data(), &d,
                                                   dd_theta ? image_dd_theta_.data() : nullptr)
                             : circuit_eval_->gradient(theta, image_inputs_.data(),
                                                      d_theta ? image_d_theta_.data() : nullptr,
                                                      image_d_inputs_.data()));
    dir_sum += 0.5 * d;
    for (std::size_t k = 0; k < n; ++k)
      for (int x = 0; x < 3; ++x) sum_d[k][x] += 0.5 * sign[x] * image_d_inputs_[k][x];
    for (int p = 0; p < np; ++p) {
      if (d_theta) d_theta[p] += 0.5 * image_d_theta_[p];
      if (dd_theta && w_inputs) dd_theta[p] += 0.5 * image_dd_theta_[p];
    }
  }
  d_inputs_ = sum_d;
  if (dir) *dir = dir_sum;
  return value;
}

void FragmentEvaluator::compute_inputs(const Vec3* r, bool with_jacobian) {
  const int na = model_.n_atoms();
  for (std::size_t k = 0; k < model_.input_map.size(); ++k) {
    Vec3 u{0, 0, 0};
    for (int a = 0; a < na; ++a) {
      const double c = model_.input_map[k][a];
      if (c == 0.0) continue;
      for (int x = 0; x < 3; ++x) u[x] += c * r[a][x];
    }
    lab_inputs_[k] = u;
  }
  if (model_.frame)
    model_.frame->transform(lab_inputs_, inputs_, with_jacobian ? &frame_jac_ : nullptr);
  else if (model_.internal)
    model_.internal->transform(lab_inputs_, inputs_, with_jacobian ? &frame_jac_ : nullptr);
  else
    inputs_ = lab_inputs_;
}

const std::vector<Vec3>& FragmentEvaluator::inputs(const Vec3* positions) {
  compute_inputs(positions, false);
  return inputs_;
}

// forces_a = -scale * sum_k map[k][a] * (J^T dE/du)_k (J the frame or internal-coordinate
// Jacobian, or identity).
void FragmentEvaluator::inputs_to_forces(const std::vector<Vec3>& dE_du, Vec3* forces) {
  const std::size_t n = model_.input_map.size();
  if (model_.frame || model_.internal)
    jacobian_apply(frame_jac_, dE_du.size(), n, dE_du, lab_grad_, true);
  else
    lab_grad_ = dE_du;
  const std::vector<Vec3>& lab = lab_grad_;
  for (int a = 0; a < model_.n_atoms(); ++a) {
    Vec3 f{0, 0, 0};
    for (std::size_t k = 0; k < n; ++k) {
      const double c = model_.input_map[k][a];
      for (int x = 0; x < 3; ++x) f[x] -= model_.scale * c * lab[k][x];
    }
    forces[a] = f;
  }
}

double FragmentEvaluator::network_terms(const double* theta, const Vec3* positions, Vec3* forces, double* dE_dtheta,
                                        const Vec3* w, double* dFw_dtheta) {
  const double e = network_eval_->evaluate(theta, positions, forces ? network_grad_.data() : nullptr, dE_dtheta,
                                           dFw_dtheta ? w : nullptr, dFw_dtheta);
  const int np = model_.n_params();
  if (dE_dtheta)
    for (int p = 0; p < np; ++p) dE_dtheta[p] *= model_.scale;
  // F = -scale grad E_raw, so d(F.w)/dtheta = -scale d(grad E_raw . w)/dtheta.
  if (dFw_dtheta)
    for (int p = 0; p < np; ++p) dFw_dtheta[p] *= -model_.scale;
  if (forces)
    for (std::size_t a = 0; a < network_grad_.size(); ++a)
      for (int x = 0; x < 3; ++x) forces[a][x] = -model_.scale * network_grad_[a][x];
  return model_.scale * e + model_.offset;
}


double FragmentEvaluator::energy(const Vec3* positions) {
  if (network_eval_) {
    const double e = network_terms(model_.parameters.data(), positions, nullptr, nullptr, nullptr, nullptr);
    return e + model_.baseline(positions, nullptr);
  }
  compute_inputs(positions, false);
  const double* theta = model_.parameters.data();
  double v = circuit_eval_->value(theta, inputs_.data());
  if (model_.inversion_average) {
    for (std::size_t k = 0; k < inputs_.size(); ++k)
      image_inputs_[k] = {kMirror[0] * inputs_[k][0], kMirror[1] * inputs_[k][1], kMirror[2] * inputs_[k][2]};
    v = 0.5 * (v + circuit_eval_->value(theta, image_inputs_.data()));
  }
  return model_.scale * v + model_.offset + model_.baseline(positions, nullptr);
}

double FragmentEvaluator::energy_forces(const Vec3* positions, Vec3* forces, Virial6* virial) {
  double E;
  if (network_eval_) {
    E = network_terms(model_.parameters.data(), positions, forces, nullptr, nullptr, nullptr);
  } else {
    compute_inputs(positions, true);
    E = model_.scale * circuit_terms(model_.parameters.data(), nullptr, nullptr, nullptr, nullptr) + model_.offset;
    inputs_to_forces(d_inputs_, forces);
  }
  E += model_.baseline(positions, forces);
  if (virial) {
    Virial6& w = *virial;
    w.fill(0.0);
    for (int a = 0; a < model_.n_atoms(); ++a) {
      const Vec3& r = positions[a];
      const Vec3& f = forces[a];
      w[0] += r[0] * f[0];
      w[1] += r[1] * f[1];
      w[2] += r[2] * f[2];
      w[3] += r[0] * f[1];
      w[4] += r[0] * f[2];
      w[5] += r[1] * f[2];
    }
  }
  return E;
}

double FragmentEvaluator::train_terms(const double* theta, const Vec3* positions, Vec3* forces,
                                      double* dE_dtheta, const Vec3* w, double* dFw_dtheta) {
  // The baseline (repulsion, coulomb, bonds) does not depend on theta: it only adds to the energy and forces.
  if (network_eval_) {
    const double e = network_terms(theta, positions, forces, dE_dtheta, w, dFw_dtheta);  // sets forces first
    return e + model_.baseline(positions, forces);
  }
  compute_inputs(positions, true);
  const int np = model_.circuit.n_params;
  double v;
  if (w && dFw_dtheta) {
    // Direction in circuit-input space: du = J * (sum_a map[k][a] w_a).
    const std::size_t n = model_.input_map.size();
    for (std::size_t k = 0; k < n; ++k) {
      Vec3 d{0, 0, 0};
      for (int a = 0; a < model_.n_atoms(); ++a)
        for (int x = 0; x < 3; ++x) d[x] += model_.input_map[k][a] * w[a][x];
      lab_dir_[k] = d;
    }
    if (model_.frame || model_.internal)
      jacobian_apply(frame_jac_, inputs_.size(), n, lab_dir_, dir_inputs_, false);
    else
      dir_inputs_ = lab_dir_;
    double dir = 0;
    v = circuit_terms(theta, dir_inputs_.data(), dE_dtheta, &dir, dFw_dtheta);
    // F.w = -scale * grad_u<O> . du  =>  d(F.w)/dtheta = -scale * d(grad<O>.du)/dtheta
    for (int p = 0; p < np; ++p) dFw_dtheta[p] *= -model_.scale;
  } else {
    v = circuit_terms(theta, nullptr, dE_dtheta, nullptr, nullptr);
  }
  if (dE_dtheta)
    for (int p = 0; p < np; ++p) dE_dtheta[p] *= model_.scale;
  if (forces) inputs_to_forces(d_inputs_, forces);
  return model_.scale * v + model_.offset + model_.baseline(positions, forces);  // after the forces are set
}

}  // namespace qmlff
