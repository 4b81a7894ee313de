/* ----------------------------------------------------------------------
   lmp_qml: the LAMMPS executable with pair style qml registered.

   Behaves like Debian's `lmp` (same command-line flags, input from -in or stdin, MPI):
   it constructs LAMMPS, adds "qml" to the pair style table and runs the input.
   Note: the `clear` command rebuilds LAMMPS's style tables; lmp_qml then registers
   "qml" again through the `qml_register` command (see docs/lammps.md).
------------------------------------------------------------------------- */

#include "input.h"
#include "lammps.h"

#include <mpi.h>

#include <cstdio>
#include <exception>

#include "qml_register.h"

using namespace LAMMPS_NS;

int main(int argc, char **argv)
{
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
