#include "models/invariant_nn.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace qmlff {

int InvariantNN::weight_offset(int l) const {
  int off = 0;
  for (int k = 1; k < l; ++k) off += width(k) * width(k - 1) + width(k);
  return off;
}

int InvariantNN::per_element() const { return out_offset() + width(n_layers()); }

int InvariantNN::element_index(const std::string& symbol) const {
  const auto it = std::find(elements.begin(), elements.end(), symbol);
  return it == elements.end() ? -1 : static_cast<int>(it - elements.begin());
}

std::vector<std::string> InvariantNN::labels() const {
  std::vector<std::string> out;
  for (const auto& e : elements) {
    for (int l = 1; l <= n_layers(); ++l) {
      const std::string L = std::to_string(l);
      for (int i = 0; i < width(l); ++i)
        for (int j = 0; j < width(l - 1); ++j)
          out.push_back(e + ".W" + L + "[" + std::to_string(i) + "," + std::to_string(j) + "]");
      for (int i = 0; i < width(l); ++i) out.push_back(e + ".b" + L + "[" + std::to_string(i) + "]");
    }
    for (int i = 0; i < width(n_layers()); ++i) out.push_back(e + ".w_out[" + std::to_string(i) + "]");
  }
  return out;
}

std::vector<int> InvariantNN::fan_in() const {
  std::vector<int> out;
  for (std::size_t e = 0; e < elements.size(); ++e) {
    for (int l = 1; l <= n_layers(); ++l) {
      out.insert(out.end(), static_cast<std::size_t>(width(l) * width(l - 1)), width(l - 1));
      out.insert(out.end(), static_cast<std::size_t>(width(l)), 0);
    }
    out.insert(out.end(), static_cast<std::size_t>(width(n_layers())), width(n_layers()));
  }
  return out;
}

void InvariantNN::validate(const std::vector<std::string>& species) const {
  QMLFF_REQUIRE(!elements.empty(), "network: no elements");
  for (std::size_t e = 0; e < elements.size(); ++e)
    QMLFF_REQUIRE(element_index(elements[e]) == static_cast<int>(e),
                  "network: element '" + elements[e] + "' is listed twice");
  // Every atom needs a network, and an element without atoms would only carry dead
  // weights and a descriptor block that is always zero.
  for (const auto& e : elements)
    QMLFF_REQUIRE(std::find(species.begin(), species.end(), e) != species.end(),
                  "network: element '" + e + "' does not occur in the species");
  for (const auto& s : species)
    QMLFF_REQUIRE(element_index(s) >= 0, "network: species '" + s + "' has no network (elements)");
  QMLFF_REQUIRE(!centres.empty() && centres.size() <= 64, "network: need 1 to 64 radial centres");
  QMLFF_REQUIRE(eta.size() == centres.size(), "network: eta needs one value per centre (" +
                                                  std::to_string(centres.size()) + "), got " +
                                                  std::to_string(eta.size()));
  for (double x : centres) QMLFF_REQUIRE(std::isfinite(x), "network: centres must be finite");
  for (double x : eta) QMLFF_REQUIRE(std::isfinite(x) && x > 0, "network: eta must be positive");
  QMLFF_REQUIRE(std::isfinite(cutoff) && cutoff > 0, "network: cutoff must be positive");
  QMLFF_REQUIRE(!hidden.empty() && hidden.size() <= 8, "network: need 1 to 8 hidden layers");
  for (int h : hidden) QMLFF_REQUIRE(h >= 1 && h <= 256, "network: hidden layer widths must be in [1, 256]");
  QMLFF_REQUIRE(shift.empty() == scale.empty(), "network: give both descriptor_shift and descriptor_scale, or neither");
  for (const auto* table : {&shift, &scale}) {
    if (table->empty()) continue;
    QMLFF_REQUIRE(table->size() == elements.size(), "network: descriptor_shift/descriptor_scale need one row per element");
    for (const auto& row : *table)
      QMLFF_REQUIRE(static_cast<int>(row.size()) == n_descriptors(),
                    "network: descriptor_shift/descriptor_scale rows need " + std::to_string(n_descriptors()) +
                        " values (elements x centres)");
  }
  for (const auto& row : shift)
    for (double x : row) QMLFF_REQUIRE(std::isfinite(x), "network: descriptor_shift must be finite");
  for (const auto& row : scale)
    for (double x : row) QMLFF_REQUIRE(std::isfinite(x) && x > 0, "network: descriptor_scale must be positive");
}

InvariantNN make_invariant_nn(const std::vector<std::string>& species, const InvariantNNOptions& o) {
  QMLFF_REQUIRE(species.size() >= 2 && species.size() <= 64,
                "builder 'invariant_nn': give the species of the fragment's atoms (2 to 64)");
  QMLFF_REQUIRE(o.radial >= 1 && o.radial <= 64, "builder 'invariant_nn': radial functions must be in [1, 64]");
  QMLFF_REQUIRE(o.cutoff > 0.5, "builder 'invariant_nn': cutoff must exceed 0.5 Å");
  InvariantNN nn;
  for (const auto& s : species)
    if (nn.element_index(s) < 0) nn.elements.push_back(s);
  // Centres from 0.5 Å (shorter than any bond) in steps of (rc - 0.5)/K, the last one a
  // step below rc where fc still leaves it some weight; width = step, eta = 1/(2 step^2),
  // so neighbouring Gaussians overlap and the descriptor varies smoothly with r.
  const double step = (o.cutoff - 0.5) / o.radial;
  for (int k = 0; k < o.radial; ++k) {
    nn.centres.push_back(0.5 + k * step);
    nn.eta.push_back(1.0 / (2.0 * step * step));
  }
  nn.cutoff = o.cutoff;
  nn.hidden = o.hidden;
  nn.validate(species);
  return nn;
}

}  // namespace qmlff
