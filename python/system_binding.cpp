// qmlff._core.System: a whole system of molecules (periodic or not) through the library's
// SystemEvaluator, the LAMMPS-free twin of pair_style qml. Used by qmlff.ase.QMLCalculator.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <utility>

#include "bindings.h"
#include "core/error.h"
#include "interface/system_evaluator.h"
#include "potential_backend.h"

namespace py = pybind11;

namespace qmlff::python {

namespace {

using InArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using IdArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using SpeciesArray = py::array_t<int, py::array::c_style | py::array::forcecast>;

std::unique_ptr<SystemEvaluator> make_system(const std::vector<std::shared_ptr<PotentialBackend>>& potentials,
                                             std::optional<std::pair<double, double>> mbe, bool allow_noninvariant) {
  QMLFF_REQUIRE(!potentials.empty(), "System: no potentials given");
  std::vector<FragmentModel> models;
  SystemOptions opt;
  for (const auto& p : potentials) {
    const FragmentModel* m = p->fragment_model();
    QMLFF_REQUIRE(m, "System: potential '" + p->name() + "' (kind " + p->kind() +
                         ") is not a fragment model; whole systems take fragment models only");
    models.push_back(*m);
    opt.sources.push_back("'" + p->name() + "'");
  }
  if (mbe) {
    opt.many_body = true;
    opt.r_s = mbe->first;
    opt.r_c = mbe->second;
  }
  opt.allow_noninvariant = allow_noninvariant;
  return std::make_unique<SystemEvaluator>(std::move(models), opt);
}

}  // namespace

void bind_system(py::module_& m) {
  py::class_<SystemEvaluator>(m, "System", R"doc(
Molecules as fragments, optionally with the many-body expansion: pair_style qml without
LAMMPS (docs/lammps.md). potentials: one-molecule models and at most one two-body model;
mbe: (R_S, R_C) in angstrom or None.)doc")
      .def(py::init(&make_system), py::arg("potentials"), py::arg("mbe") = py::none(),
           py::arg("allow_noninvariant") = false)
      .def_property_readonly("species", &SystemEvaluator::species)
      .def_property_readonly("warnings", &SystemEvaluator::warnings)
      .def_property_readonly("n_terms", &SystemEvaluator::n_terms, "terms evaluated by the last compute")
      .def(
          "species_indices",
          [](const SystemEvaluator& s, const std::vector<std::string>& symbols) {
            py::array_t<int> out(static_cast<py::ssize_t>(symbols.size()));
            int* o = out.mutable_data();
            for (std::size_t i = 0; i < symbols.size(); ++i) {
              o[i] = s.species_index(symbols[i]);
              if (o[i] < 0) {
                std::string known;
                for (const auto& k : s.species()) known += " " + k;
                throw Error("atom " + std::to_string(i) + " is " + symbols[i] +
                            ", which no loaded potential describes (their species:" + known +
                            "); load a potential for it or remove the atom");
              }
            }
            return out;
          },
          py::arg("symbols"), "species index of every atom (0-based atom numbers in messages)")
      .def(
          "compute",
          [](SystemEvaluator& s, const InArray& positions, const SpeciesArray& species, const IdArray& mol,
             const InArray& cell, const std::array<bool, 3>& pbc, bool per_atom) {
            QMLFF_REQUIRE(positions.ndim() == 2 && positions.shape(1) == 3, "System.compute: positions must have shape (n, 3)");
            const auto n = positions.shape(0);
            QMLFF_REQUIRE(species.ndim() == 1 && species.shape(0) == n && mol.ndim() == 1 && mol.shape(0) == n,
                          "System.compute: species and molecule IDs need one entry per atom (" + std::to_string(n) + ")");
            QMLFF_REQUIRE(cell.ndim() == 2 && cell.shape(0) == 3 && cell.shape(1) == 3,
                          "System.compute: cell must have shape (3, 3) (rows are the lattice vectors)");
            Cell c;
            for (int k = 0; k < 3; ++k)
              for (int d = 0; d < 3; ++d) c.vectors[k][d] = cell.at(k, d);
            c.pbc = pbc;
            py::array_t<double> forces({n, static_cast<py::ssize_t>(3)});
            py::array_t<double> virial(6);
            py::object energies = py::none();
            double* e_atom = nullptr;
            if (per_atom) {
              py::array_t<double> ea(n);
              e_atom = ea.mutable_data();
              energies = ea;
            }
            double e = 0.0;
            {
              py::gil_scoped_release release;
              e = s.compute(static_cast<int>(n), positions.data(), species.data(), mol.data(), c, forces.mutable_data(),
                            virial.mutable_data(), e_atom);
            }
            return py::make_tuple(e, forces, virial, energies);
          },
          py::arg("positions"), py::arg("species"), py::arg("mol_ids"), py::arg("cell"), py::arg("pbc"),
          py::arg("per_atom") = false, R"doc(
(energy, forces (n, 3), virial (6: xx yy zz xy xz yz, W_ij = sum r_i F_j), per-atom
energies or None). species: indices from species_indices; mol_ids: int64 > 0, atoms with
one ID form one molecule; cell: rows a1 a2 a3 (angstrom), spanning space when any pbc.)doc");
}

}  // namespace qmlff::python
