/* ----------------------------------------------------------------------
   Registration of pair style qml in a LAMMPS instance (lmp_qml driver).

   `clear` destroys and recreates Force, and with it the pair style table, so "qml"
   disappears. The Input object survives `clear`, so we also add an input command
   `qml_register` (no arguments) that adds "qml" again.

   Current LAMMPS installs command.h (its Command has a `copymode` member); Debian's
   LAMMPS 29 Sep 2021 does not, and there Command is declared with that version's layout
   (Pointers base, one pure virtual command()). LAMMPS only calls command() through the
   vtable and deletes the object.
------------------------------------------------------------------------- */

#include "qml_register.h"

#include "error.h"
#include "force.h"
#include "input.h"
#include "lammps.h"

#include "pair_qml.h"

#if __has_include("command.h")
#include "command.h"
#else
namespace LAMMPS_NS {
class Command : protected Pointers {
 public:
  Command(class LAMMPS *lmp) : Pointers(lmp) {}
  virtual void command(int, char **) = 0;
};
}    // namespace LAMMPS_NS
#endif

namespace LAMMPS_NS {

namespace {
class QmlRegisterCommand : public Command {
 public:
  QmlRegisterCommand(LAMMPS *lmp) : Command(lmp) {}
  void command(int narg, char **) override
  {
    if (narg != 0) error->all(FLERR, std::string("Illegal qml_register command: it takes no arguments"));
    PairQML::register_style(lmp);
  }
};
Command *qml_register_creator(LAMMPS *lmp) { return new QmlRegisterCommand(lmp); }
}    // namespace

void qml_register_all(LAMMPS *lmp)
{
  PairQML::register_style(lmp);
  (*lmp->input->command_map)["qml_register"] = &qml_register_creator;
}

}    // namespace LAMMPS_NS
