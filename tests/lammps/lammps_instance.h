#pragma once
// One in-process LAMMPS instance with pair style qml registered, and per-atom results
// gathered by atom ID over all MPI ranks (for the tests in tests/lammps).
#include <mpi.h>

#include <array>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "atom.h"
#include "compute.h"
#include "domain.h"
#include "force.h"
#include "input.h"
#include "lammps.h"
#include "library.h"
#include "modify.h"
#include "pair.h"
#include "qml_register.h"

namespace qmlff_test {

struct LammpsInstance {
  LAMMPS_NS::LAMMPS* lmp = nullptr;
  // LAMMPS errors abort the process; their message is then in the log file
  explicit LammpsInstance(const std::string& log) {
    const char* args[] = {"lmp_qml_test", "-log", log.c_str(), "-screen", "none", "-nocite"};
    lmp = new LAMMPS_NS::LAMMPS(6, const_cast<char**>(args), MPI_COMM_WORLD);
    LAMMPS_NS::qml_register_all(lmp);
  }
  ~LammpsInstance() { delete lmp; }
  LammpsInstance(const LammpsInstance&) = delete;
  LammpsInstance& operator=(const LammpsInstance&) = delete;
  void cmd(const std::string& c) { lmp->input->one(c); }
  void cmds(const std::string& block) {
    std::istringstream is(block);
    std::string line;
    while (std::getline(is, line))
      if (!line.empty()) cmd(line);
  }
  int natoms() const { return static_cast<int>(lmp->atom->natoms); }
  // per-atom quantity by atom ID (summed over ranks)
  std::vector<double> gather(int width, const std::function<double(int, int)>& get) const {
    std::vector<double> v(static_cast<std::size_t>(natoms()) * width, 0.0);
    for (int i = 0; i < lmp->atom->nlocal; ++i)
      for (int k = 0; k < width; ++k) v[(lmp->atom->tag[i] - 1) * width + k] = get(i, k);
    MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(v.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return v;
  }
  std::vector<double> forces() const {
    return gather(3, [&](int i, int k) { return lmp->atom->f[i][k]; });
  }
  std::vector<double> unwrapped() const {
    return gather(3, [&](int i, int k) {
      double x[3];
      lmp->domain->unmap(lmp->atom->x[i], lmp->atom->image[i], x);
      return x[k];
    });
  }
  std::vector<double> compute_atom(const std::string& id, int width) const {
    auto* c = lmp->modify->compute[lmp->modify->find_compute(id)];
    return gather(width, [&](int i, int k) { return width == 1 ? c->vector_atom[i] : c->array_atom[i][k]; });
  }
  double pair_energy() const {
    double e = lmp->force->pair->eng_vdwl;
    MPI_Allreduce(MPI_IN_PLACE, &e, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return e;
  }
  std::array<double, 6> pair_virial() const {
    std::array<double, 6> v;
    for (int k = 0; k < 6; ++k) v[k] = lmp->force->pair->virial[k];
    MPI_Allreduce(MPI_IN_PLACE, v.data(), 6, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return v;
  }
  double thermo(const char* key) { return lammps_get_thermo(lmp, key); }
};

}  // namespace qmlff_test
