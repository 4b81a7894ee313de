// qmlff._core: the compiled half of the qmlff Python package (python/qmlff/).
#include <pybind11/pybind11.h>

#include "bindings.h"
#include "core/error.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "qmlff C++ library: potentials, whole-system evaluation, training (see docs/python.md)";
  m.attr("__version__") = QMLFF_VERSION;
  // qmlff::Error (bad input, with the library's message) -> qmlff.Error, a ValueError
  pybind11::register_exception<qmlff::Error>(m, "Error", PyExc_ValueError);
  qmlff::python::bind_potential(m);
  qmlff::python::bind_system(m);
  qmlff::python::bind_training(m);
  qmlff::python::bind_data(m);
}
