/* ----------------------------------------------------------------------
   lmp_qml: the LAMMPS executable with pair style qml registered.

   Behaves like Debian's `lmp` (same command-line flags, input from -in or stdin, MPI):
   it constructs LAMMPS, adds "qml" to the pair style table and runs the input.
   Installed (cmake --install), it finds the installed potentials: unless LAMMPS_POTENTIALS
   is set, it points it at <prefix>/share/qmlff/potentials (or $QMLFF_POTENTIALS), where
   pair_coeff looks after the current directory.
   Note: the `clear` command rebuilds LAMMPS's style tables; lmp_qml then registers
   "qml" again through the `qml_register` command (see docs/lammps.md).
------------------------------------------------------------------------- */

#include "input.h"
#include "lammps.h"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "io/potential_path.h"
#include "qml_register.h"

using namespace LAMMPS_NS;

int main(int argc, char **argv)
{
  const std::string potentials = qmlff::installed_potentials_dir();
  if (!potentials.empty()) setenv("LAMMPS_POTENTIALS", potentials.c_str(), 0);
  MPI_Init(&argc, &argv);
  MPI_Comm comm = MPI_COMM_WORLD;
  try {
    LAMMPS *lammps = new LAMMPS(argc, argv, comm);
    qml_register_all(lammps);
    lammps->input->file();
    delete lammps;
  } catch (std::exception &e) {
    int me = 0;
    MPI_Comm_rank(comm, &me);
    fprintf(stderr, "ERROR on proc %d: %s\n", me, e.what());
    fflush(stderr);
    MPI_Abort(comm, 1);
  }
  MPI_Barrier(comm);
  MPI_Finalize();
  return 0;
}
