#pragma once
// The classical baseline: a Behler–Parrinello-style invariant neural network on
// interatomic distances (the `invariant_nn` kind; docs/models.md). This header is the
// network's description as stored in a potential file: descriptor settings, layer sizes
// and the layout of its weights in FragmentModel::parameters. The arithmetic is in
// models/invariant_nn_eval.h.
//
//   G_i[b K + k] = sum_{j != i, element(j) = b} exp(-eta_k (r_ij - mu_k)^2) fc(r_ij)
//   fc(r) = (cos(pi r / rc) + 1) / 2 for r < rc, else 0
//   x_i = (G_i - shift_e) / scale_e                               (e = element of atom i)
//   e_i = w_out . tanh(W_L ... tanh(W_1 x_i + b_1) ... + b_L)    (one network per element)
//   E_raw = sum_i e_i,    E = scale * E_raw + offset
//
// Only distances enter, summed over like neighbours, and the weights depend only on the
// element: the energy is invariant under rotations, inversion, translations and
// permutations of like atoms by construction.
#include <string>
#include <vector>

namespace qmlff {

struct InvariantNN {
  // One descriptor block and one atomic network per element, in this order.
  std::vector<std::string> elements;
  std::vector<double> centres;  // mu_k (Å)
  std::vector<double> eta;      // eta_k (1/Å^2), one per centre
  double cutoff = 6.0;          // rc of the cosine cutoff (Å)
  std::vector<int> hidden;      // tanh units per hidden layer
  // Standardisation of the descriptors, per element (n_descriptors() values each), fitted
  // by the trainer on the training frames: a bond that varies by 0.1 Å moves a Gaussian
  // of width 0.7 Å very little, and raw inputs that small and that offset make Adam
  // spend most of its steps rescaling the first layer. Empty = none (shift 0, scale 1).
  std::vector<std::vector<double>> shift, scale;

  int n_radial() const { return static_cast<int>(centres.size()); }
  int n_descriptors() const { return static_cast<int>(elements.size()) * n_radial(); }
  int n_layers() const { return static_cast<int>(hidden.size()); }
  // Width of layer l: 0 is the descriptor, 1..L the hidden layers.
  int width(int l) const { return l == 0 ? n_descriptors() : hidden[l - 1]; }
  // Parameters of one element's network; element e's block starts at e * per_element().
  int per_element() const;
  int n_params() const { return static_cast<int>(elements.size()) * per_element(); }
  // Offsets inside an element's block: W_l (width(l) x width(l-1), row-major), then b_l,
  // for l = 1..L, then w_out (width(L)). The output layer has no bias: it would only
  // duplicate the model's offset.
  int weight_offset(int l) const;
  int bias_offset(int l) const { return weight_offset(l) + width(l) * width(l - 1); }
  int out_offset() const { return weight_offset(n_layers() + 1); }
  int element_index(const std::string& symbol) const;  // -1 if absent

  // "H.W1[2,5]", "H.b1[2]", "H.w_out[3]": one per parameter, in layout order.
  std::vector<std::string> labels() const;
  // Inputs feeding each parameter's unit (0 for biases), for fan-in scaled initialisation.
  std::vector<int> fan_in() const;
  // Throws qmlff::Error: sizes, positive eta, scale and cutoff, every species has a network.
  void validate(const std::vector<std::string>& species) const;
};

// Builder of the `invariant_nn` kind: elements in order of first appearance in species,
// radial centres evenly spaced from 0.5 Å to below the cutoff with Gaussians as wide as
// their spacing.
struct InvariantNNOptions {
  std::vector<int> hidden = {8, 8};
  int radial = 8;       // K, Gaussians per element block
  double cutoff = 6.0;  // Å
};
InvariantNN make_invariant_nn(const std::vector<std::string>& species, const InvariantNNOptions& o);

}  // namespace qmlff
