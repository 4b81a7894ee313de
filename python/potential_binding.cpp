// qmlff.Potential: one potential file; energy, forces and virial of one fragment.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <array>
#include <memory>
#include <optional>

#include "bindings.h"
#include "core/error.h"
#include "potential_backend.h"

namespace py = pybind11;

namespace qmlff::python {

namespace {

using InArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

// (n, 3) positions; copied only if not already C-contiguous float64.
int check_positions(const InArray& pos, const char* what) {
  QMLFF_REQUIRE(pos.ndim() == 2 && pos.shape(1) == 3,
                std::string(what) + ": positions must have shape (n, 3), got " + std::to_string(pos.ndim()) +
                    " dimension(s)" + (pos.ndim() >= 2 ? " with " + std::to_string(pos.shape(1)) + " columns" : ""));
  return static_cast<int>(pos.shape(0));
}

py::array_t<double> virial_matrix(const double* w) {  // xx yy zz xy xz yz -> 3 x 3
  py::array_t<double> out({3, 3});
  auto v = out.mutable_unchecked<2>();
  const int idx[3][3] = {{0, 3, 4}, {3, 1, 5}, {4, 5, 2}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) v(i, j) = w[idx[i][j]];
  return out;
}

}  // namespace

void bind_potential(py::module_& m) {
  py::class_<PotentialBackend, std::shared_ptr<PotentialBackend>>(m, "Potential", R"doc(
A potential file (any kind: a one-molecule model or a two-body model for `mbe`).

    pot = qmlff.Potential("potentials/h2o.json")
    e, f, w = pot.energy_forces(positions, ["O", "H", "H"])

Not thread-safe (scratch space inside): use one Potential per thread.)doc")
      .def(py::init([](const std::string& path) { return std::shared_ptr<PotentialBackend>(load_potential_backend(path)); }),
           py::arg("path"))
      .def_property_readonly("kind", &PotentialBackend::kind)
      .def_property_readonly("name", &PotentialBackend::name)
      .def_property_readonly("species", &PotentialBackend::species, "species in the model's order")
      .def_property_readonly("symmetries", &PotentialBackend::symmetries)
      .def_property_readonly("cutoff", &PotentialBackend::cutoff,
                             "fragment cutoff, or the neighbour cutoff of an atom-centred model (angstrom)")
      .def_property_readonly("atomic", &PotentialBackend::atomic,
                             "True for an atom-centred model (any structure of its species)")
      .def(
          "structure",
          [](PotentialBackend& p, const InArray& positions, const std::vector<std::string>& species,
             std::optional<InArray> cell, std::optional<std::array<bool, 3>> pbc) {
            const int n = check_positions(positions, "structure");
            QMLFF_REQUIRE(cell.has_value() == pbc.has_value(), "structure: give both cell and pbc, or neither");
            if (cell)
              QMLFF_REQUIRE(cell->ndim() == 2 && cell->shape(0) == 3 && cell->shape(1) == 3,
                            "structure: cell must have shape (3, 3) (rows a, b, c)");
            py::array_t<double> forces({n, 3}), energies(n);
            double w[6];
            double e = 0.0;
            {
              py::gil_scoped_release release;
              e = p.structure(n, positions.data(), species, cell ? cell->data() : nullptr, pbc ? pbc->data() : nullptr,
                              forces.mutable_data(), w, energies.mutable_data());
            }
            return py::make_tuple(e, forces, virial_matrix(w), energies);
          },
          py::arg("positions"), py::arg("species"), py::arg("cell") = py::none(), py::arg("pbc") = py::none(),
          R"doc(
Atom-centred models: energy, forces, virial and per-atom energies E_i of a whole structure
(atoms in their own order); with cell (3 x 3, rows a b c, angstrom) and pbc (3 flags) every
periodic image within the cutoff counts (cells smaller than twice the cutoff included).
Raises qmlff.Error for other kinds.)doc")
      .def(
          "energy_forces",
          [](PotentialBackend& p, const InArray& positions, const std::vector<std::string>& species) {
            const int n = check_positions(positions, "energy_forces");
            py::array_t<double> forces({n, 3});
            double w[6];
            double e = 0.0;
            {
              py::gil_scoped_release release;
              e = p.energy_forces(n, positions.data(), species, forces.mutable_data(), w);
            }
            return py::make_tuple(e, forces, virial_matrix(w));
          },
          py::arg("positions"), py::arg("species"), R"doc(
Energy (eV), forces ((n, 3) eV/angstrom) and virial W_ij = sum_a r_a,i F_a,j ((3, 3) eV)
of one fragment: n atoms in any order (matched to the model's species order by species,
atoms of one species keeping their order), positions (n, 3) in angstrom in one image.
Raises qmlff.Error (a ValueError) for a composition the model does not describe.)doc");
}

}  // namespace qmlff::python
