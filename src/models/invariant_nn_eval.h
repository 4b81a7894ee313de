#pragma once
// Energy and exact derivatives of the invariant neural network (models/invariant_nn.h):
// hand-written backpropagation with Eigen, no finite differences.
//
//   evaluate()  E_raw = sum_i e_i and, on request,
//     grad       dE_raw/dr_a                      (reverse mode through network and descriptors)
//     d_theta    dE_raw/dtheta                    (the same reverse sweep)
//     dd_theta   d/dtheta sum_a (dE_raw/dr_a).w_a (forward over reverse: the tangent of the
//                descriptors along w is pushed through the network, then the pair of
//                primal and tangent sweeps is differentiated in reverse)
// The last one is what a force loss needs (FragmentEvaluator::train_terms). Atoms of one
// element are evaluated together as the columns of one matrix. Holds scratch space: use
// one per thread.
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "models/invariant_nn.h"
#include "sim/types.h"

namespace qmlff {

class InvariantNNEvaluator {
 public:
  InvariantNNEvaluator(const InvariantNN& nn, const std::vector<std::string>& species);

  // theta: nn.n_params() values; positions: one per species entry (Å). Outputs may be
  // null; dd_theta needs w. Arrays are overwritten.
  double evaluate(const double* theta, const Vec3* positions, Vec3* grad, double* d_theta, const Vec3* w,
                  double* dd_theta);
  // The (standardised) descriptors of the atoms of element e at these positions, one column
  // per atom in species order.
  const Eigen::MatrixXd& descriptors(const Vec3* positions, int element);

 private:
  // One element's atoms: columns of the descriptor and activation matrices.
  struct Group {
    std::vector<int> atoms;
    std::vector<Eigen::MatrixXd> W, dW;  // index l - 1
    std::vector<Eigen::VectorXd> b, db;
    Eigen::VectorXd w_out, dw_out;
    std::vector<Eigen::MatrixXd> A, S, Adot;  // A[0] = G, A[l] = tanh(Z_l), S = 1 - A^2, Adot tangents
    Eigen::MatrixXd Gbar;                     // dE_raw/dx (standardised descriptors x atoms)
  };
  void load_weights(const double* theta);
  void store_gradient(double* d_theta) const;
  void compute_descriptors(const Vec3* r, const Vec3* w);
  void forward(Group& g, bool tangent);
  // Reverse sweep of E_raw: Gbar, and the weight gradient when asked.
  void backward_energy(Group& g, bool want_theta);
  // Reverse sweep of the directional derivative sum_i Gbar_i . Gdot_i: adds to the weight gradient.
  void backward_tangent(Group& g);

  InvariantNN nn_;
  std::vector<int> element_of_, column_of_;  // per atom
  std::vector<Group> groups_;
  // Ordered pairs (i, j) within the cutoff: unit vector of r_i - r_j and g_k'(r_ij).
  struct Pair {
    int i, j;
    Vec3 unit;
  };
  std::vector<Pair> pairs_;
  Eigen::MatrixXd dg_;  // K x n_pairs, divided by the centre atom's descriptor scale
  std::vector<Eigen::VectorXd> shift_, inv_scale_;  // per element (empty when not standardised)
};

// Sets nn.shift and nn.scale to the per-element mean and standard deviation of the raw
// descriptors over the atoms of the given frames, the scale floored at 0.01 (so a
// constant descriptor, e.g. the Li block of Li in LiH, becomes 0).
void fit_descriptor_standardisation(InvariantNN& nn, const std::vector<std::string>& species,
                                    const std::vector<const Vec3*>& frames);

}  // namespace qmlff
