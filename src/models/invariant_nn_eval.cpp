#include "models/invariant_nn_eval.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace qmlff {

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
constexpr double kPi = 3.141592653589793;
constexpr double kMinDescriptorScale = 0.01;

}  // namespace

InvariantNNEvaluator::InvariantNNEvaluator(const InvariantNN& nn, const std::vector<std::string>& species)
    : nn_(nn) {
  nn_.validate(species);
  groups_.resize(nn_.elements.size());
  for (const auto& s : species) {
    const int e = nn_.element_index(s);
    element_of_.push_back(e);
    column_of_.push_back(static_cast<int>(groups_[e].atoms.size()));
    groups_[e].atoms.push_back(static_cast<int>(element_of_.size()) - 1);
  }
  const int L = nn_.n_layers();
  for (Group& g : groups_) {
    for (int l = 1; l <= L; ++l) {
      g.W.emplace_back(nn_.width(l), nn_.width(l - 1));
      g.dW.emplace_back(nn_.width(l), nn_.width(l - 1));
      g.b.emplace_back(nn_.width(l));
      g.db.emplace_back(nn_.width(l));
    }
    g.w_out.resize(nn_.width(L));
    g.dw_out.resize(nn_.width(L));
    g.A.resize(L + 1);
    g.S.resize(L + 1);
    g.Adot.resize(L + 1);
  }
  const std::size_t n = species.size();
  dg_.resize(nn_.n_radial(), static_cast<Eigen::Index>(n * (n - 1)));
  for (std::size_t e = 0; e < nn_.shift.size(); ++e) {
    shift_.push_back(Eigen::Map<const Eigen::VectorXd>(nn_.shift[e].data(), nn_.n_descriptors()));
    inv_scale_.push_back(Eigen::Map<const Eigen::VectorXd>(nn_.scale[e].data(), nn_.n_descriptors()).cwiseInverse());
  }
}

// Weights are copied into Eigen's own (aligned) storage rather than mapped in place, so
// the vectorised products take the same path, and give the same bits, for any theta.
void InvariantNNEvaluator::load_weights(const double* theta) {
  for (std::size_t e = 0; e < groups_.size(); ++e) {
    const double* base = theta + e * nn_.per_element();
    Group& g = groups_[e];
    for (int l = 1; l <= nn_.n_layers(); ++l) {
      g.W[l - 1] = Eigen::Map<const RowMajor>(base + nn_.weight_offset(l), nn_.width(l), nn_.width(l - 1));
      g.b[l - 1] = Eigen::Map<const Eigen::VectorXd>(base + nn_.bias_offset(l), nn_.width(l));
    }
    g.w_out = Eigen::Map<const Eigen::VectorXd>(base + nn_.out_offset(), nn_.width(nn_.n_layers()));
  }
}

void InvariantNNEvaluator::store_gradient(double* d_theta) const {
  for (std::size_t e = 0; e < groups_.size(); ++e) {
    double* base = d_theta + e * nn_.per_element();
    const Group& g = groups_[e];
    for (int l = 1; l <= nn_.n_layers(); ++l) {
      Eigen::Map<RowMajor>(base + nn_.weight_offset(l), nn_.width(l), nn_.width(l - 1)) = g.dW[l - 1];
      Eigen::Map<Eigen::VectorXd>(base + nn_.bias_offset(l), nn_.width(l)) = g.db[l - 1];
    }
    Eigen::Map<Eigen::VectorXd>(base + nn_.out_offset(), nn_.width(nn_.n_layers())) = g.dw_out;
  }
}

// x = (G - shift) / scale (A[0]) for every atom, g_k'(r_ij) / scale for the force and
// tangent terms, and with w the tangent xdot_i = sum_j g_k'(r_ij) unit_ij . (w_i - w_j) / scale.
void InvariantNNEvaluator::compute_descriptors(const Vec3* r, const Vec3* w) {
  const int K = nn_.n_radial(), D = nn_.n_descriptors();
  for (Group& g : groups_) {
    g.A[0].setZero(D, static_cast<Eigen::Index>(g.atoms.size()));
    if (w) g.Adot[0].setZero(D, static_cast<Eigen::Index>(g.atoms.size()));
  }
  pairs_.clear();
  const int n = static_cast<int>(element_of_.size());
  const double rc = nn_.cutoff;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      const Vec3 d{r[i][0] - r[j][0], r[i][1] - r[j][1], r[i][2] - r[j][2]};
      const double rr = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      QMLFF_REQUIRE(rr > 0, "invariant_nn: atoms " + std::to_string(i) + " and " + std::to_string(j) + " coincide");
      // fc and its first derivative vanish at rc, so pairs beyond it contribute nothing.
      if (rr >= rc) continue;
      const double fc = 0.5 * (std::cos(kPi * rr / rc) + 1.0);
      const double dfc = -0.5 * kPi / rc * std::sin(kPi * rr / rc);
      const Vec3 u{d[0] / rr, d[1] / rr, d[2] / rr};
      const int p = static_cast<int>(pairs_.size());
      pairs_.push_back({i, j, u});
      const double rdot = w ? u[0] * (w[i][0] - w[j][0]) + u[1] * (w[i][1] - w[j][1]) + u[2] * (w[i][2] - w[j][2]) : 0.0;
      Group& g = groups_[element_of_[i]];
      const int row0 = element_of_[j] * K, col = column_of_[i];
      for (int k = 0; k < K; ++k) {
        const double x = rr - nn_.centres[k];
        const double ex = std::exp(-nn_.eta[k] * x * x);
        const double inv = inv_scale_.empty() ? 1.0 : inv_scale_[element_of_[i]](row0 + k);
        const double gp = ex * (dfc - 2.0 * nn_.eta[k] * x * fc) * inv;
        g.A[0](row0 + k, col) += ex * fc;
        dg_(k, p) = gp;
        if (w) g.Adot[0](row0 + k, col) += gp * rdot;
      }
    }
  if (shift_.empty()) return;
  for (std::size_t e = 0; e < groups_.size(); ++e) {
    Eigen::MatrixXd& x = groups_[e].A[0];
    x = ((x.colwise() - shift_[e]).array().colwise() * inv_scale_[e].array()).matrix();
  }
}

const Eigen::MatrixXd& InvariantNNEvaluator::descriptors(const Vec3* positions, int element) {
  compute_descriptors(positions, nullptr);
  return groups_.at(static_cast<std::size_t>(element)).A[0];
}

void fit_descriptor_standardisation(InvariantNN& nn, const std::vector<std::string>& species,
                                    const std::vector<const Vec3*>& frames) {
  QMLFF_REQUIRE(!frames.empty(), "invariant_nn: no frames to standardise the descriptors on");
  InvariantNN raw = nn;
  raw.shift.clear();
  raw.scale.clear();
  InvariantNNEvaluator ev(raw, species);
  const int D = raw.n_descriptors();
  nn.shift.assign(raw.elements.size(), std::vector<double>(D, 0.0));
  nn.scale.assign(raw.elements.size(), std::vector<double>(D, 1.0));
  for (std::size_t e = 0; e < raw.elements.size(); ++e) {
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(D), sq = Eigen::VectorXd::Zero(D);
    double n = 0;
    for (const Vec3* r : frames) {
      const Eigen::MatrixXd& G = ev.descriptors(r, static_cast<int>(e));
      sum += G.rowwise().sum();
      sq += G.array().square().matrix().rowwise().sum();
      n += static_cast<double>(G.cols());
    }
    for (int d = 0; d < D; ++d) {
      const double mean = sum(d) / n, var = std::max(0.0, sq(d) / n - mean * mean);
      nn.shift[e][d] = mean;
      // Floored: the far tails of Gaussians (values ~1e-4 that vary by less) would otherwise
      // be blown up into O(1) inputs that change by orders of magnitude just outside the
      // data; a descriptor that does not vary at all becomes a constant 0.
      nn.scale[e][d] = std::max(std::sqrt(var), kMinDescriptorScale);
    }
  }
}

void InvariantNNEvaluator::forward(Group& g, bool tangent) {
  for (int l = 1; l <= nn_.n_layers(); ++l) {
    g.A[l] = ((g.W[l - 1] * g.A[l - 1]).colwise() + g.b[l - 1]).array().tanh().matrix();
    g.S[l] = (1.0 - g.A[l].array().square()).matrix();
    if (tangent) g.Adot[l] = g.S[l].cwiseProduct(g.W[l - 1] * g.Adot[l - 1]);
  }
}

void InvariantNNEvaluator::backward_energy(Group& g, bool want_theta) {
  const int L = nn_.n_layers();
  const Eigen::Index n = g.A[0].cols();
  Eigen::MatrixXd Abar = g.w_out * Eigen::RowVectorXd::Ones(n);
  if (want_theta) g.dw_out = g.A[L].rowwise().sum();
  for (int l = L; l >= 1; --l) {
    const Eigen::MatrixXd Zbar = g.S[l].cwiseProduct(Abar);
    if (want_theta) {
      g.dW[l - 1].noalias() = Zbar * g.A[l - 1].transpose();
      g.db[l - 1] = Zbar.rowwise().sum();
    }
    Abar = g.W[l - 1].transpose() * Zbar;
  }
  g.Gbar = Abar;
}

// Differentiates Dg = sum over the group's atoms of w_out . Adot_L with respect to the
// weights, where Adot_l = S_l o (W_l Adot_{l-1}) and S_l = 1 - tanh(Z_l)^2 also depends
// on the weights through A_l: two adjoints per layer, one for the tangent (Adotbar) and
// one for the primal activations (Abar), the latter fed by dS/dA = -2A.
void InvariantNNEvaluator::backward_tangent(Group& g) {
  const int L = nn_.n_layers();
  const Eigen::Index n = g.A[0].cols();
  Eigen::MatrixXd Adotbar = g.w_out * Eigen::RowVectorXd::Ones(n);
  Eigen::MatrixXd Abar = Eigen::MatrixXd::Zero(nn_.width(L), n);
  g.dw_out = g.Adot[L].rowwise().sum();
  for (int l = L; l >= 1; --l) {
    const Eigen::MatrixXd Zdot = g.W[l - 1] * g.Adot[l - 1];
    const Eigen::MatrixXd Zdotbar = g.S[l].cwiseProduct(Adotbar);
    Abar.array() -= 2.0 * g.A[l].array() * Zdot.array() * Adotbar.array();
    const Eigen::MatrixXd Zbar = g.S[l].cwiseProduct(Abar);
    g.dW[l - 1].noalias() = Zdotbar * g.Adot[l - 1].transpose();
    g.dW[l - 1].noalias() += Zbar * g.A[l - 1].transpose();
    g.db[l - 1] = Zbar.rowwise().sum();
    if (l > 1) {
      Adotbar = g.W[l - 1].transpose() * Zdotbar;
      Abar = g.W[l - 1].transpose() * Zbar;
    }
  }
}

double InvariantNNEvaluator::evaluate(const double* theta, const Vec3* r, Vec3* grad, double* d_theta,
                                      const Vec3* w, double* dd_theta) {
  const bool tangent = w && dd_theta;
  load_weights(theta);
  compute_descriptors(r, tangent ? w : nullptr);
  double E = 0;
  for (Group& g : groups_) {
    if (g.atoms.empty()) continue;
    forward(g, tangent);
    E += g.w_out.dot(g.A[nn_.n_layers()].rowwise().sum());
  }
  if (!grad && !d_theta && !tangent) return E;
  for (Group& g : groups_)
    if (!g.atoms.empty()) backward_energy(g, d_theta != nullptr);
  if (d_theta) store_gradient(d_theta);
  if (grad) {
    const int K = nn_.n_radial();
    for (std::size_t a = 0; a < element_of_.size(); ++a) grad[a] = {0, 0, 0};
    for (std::size_t p = 0; p < pairs_.size(); ++p) {
      const Pair& pr = pairs_[p];
      const Eigen::MatrixXd& gbar = groups_[element_of_[pr.i]].Gbar;
      const int row0 = element_of_[pr.j] * K, col = column_of_[pr.i];
      double s = 0;
      for (int k = 0; k < K; ++k) s += gbar(row0 + k, col) * dg_(k, static_cast<Eigen::Index>(p));
      for (int x = 0; x < 3; ++x) {
        grad[pr.i][x] += s * pr.unit[x];
        grad[pr.j][x] -= s * pr.unit[x];
      }
    }
  }
  if (tangent) {
    for (Group& g : groups_)
      if (!g.atoms.empty()) backward_tangent(g);
    store_gradient(dd_theta);
  }
  return E;
}

}  // namespace qmlff
