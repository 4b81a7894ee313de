// qmlff._core.read_extxyz and metrics: the library's dataset reader and error metrics, so
// qmlff.evaluate reads files and scores predictions exactly as `qmlff eval` does.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "io/dataset.h"
#include "io/metrics.h"

namespace py = pybind11;

namespace qmlff::python {

namespace {

py::array_t<double> vec3_array(const std::vector<Vec3>& v) {
  py::array_t<double> out({static_cast<py::ssize_t>(v.size()), static_cast<py::ssize_t>(3)});
  double* o = out.mutable_data();
  for (const auto& x : v)
    for (double c : x) *o++ = c;
  return out;
}

}  // namespace

void bind_data(py::module_& m) {
  m.def(
      "read_extxyz",
      [](const std::string& path, const std::string& energy_key, const std::string& forces_key) {
        ExtxyzOptions opt;
        opt.energy_key = energy_key;
        opt.forces_key = forces_key;
        const Dataset ds = read_extxyz(path, opt);
        py::list frames;
        for (const Frame& f : ds.frames) {
          py::dict d;
          d["species"] = f.species;
          d["positions"] = vec3_array(f.positions);
          d["energy"] = f.energy ? py::object(py::float_(*f.energy)) : py::object(py::none());
          d["forces"] = f.forces.empty() ? py::object(py::none()) : py::object(vec3_array(f.forces));
          d["line"] = f.line;
          frames.append(d);
        }
        return py::make_tuple(frames, ds.checksum);
      },
      py::arg("path"), py::arg("energy_key") = "energy", py::arg("forces_key") = "forces",
      "Frames of an extended XYZ file as dicts (species, positions, energy, forces, line) and the file's checksum.");
  m.def(
      "metrics",
      [](const std::vector<double>& ref, const std::vector<double>& pred) {
        const Metrics r = compute_metrics(ref, pred);
        py::dict d;
        d["n"] = r.n;
        d["mse"] = r.mse;
        d["mae"] = r.mae;
        d["rmse"] = r.rmse;
        d["r2"] = r.r2;
        d["max_abs"] = r.max_abs;
        return d;
      },
      py::arg("ref"), py::arg("pred"), "MSE, MAE, RMSE, R2, max|err| and n, as `qmlff eval` reports them.");
}

}  // namespace qmlff::python
