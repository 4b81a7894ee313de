#pragma once
// The parts of the qmlff._core extension module, one file each (module.cpp puts them
// together). Arrays cross the boundary as C-contiguous float64 numpy arrays: inputs that
// already are are not copied, outputs are allocated once and filled by the library.
#include <pybind11/pybind11.h>

namespace qmlff::python {

void bind_potential(pybind11::module_& m);  // Potential (potential_binding.cpp)
void bind_system(pybind11::module_& m);     // System (system_binding.cpp)
void bind_training(pybind11::module_& m);   // train (training_binding.cpp)
void bind_data(pybind11::module_& m);       // read_extxyz, metrics (data_binding.cpp)

}  // namespace qmlff::python
