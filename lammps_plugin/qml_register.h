/* Registration of pair style qml (and the qml_register command) in a LAMMPS instance. */
#ifndef LMP_QML_REGISTER_H
#define LMP_QML_REGISTER_H

namespace LAMMPS_NS {
class LAMMPS;
// Adds pair style "qml" to lmp's pair style table and the input command `qml_register`,
// which re-adds it after `clear` (clear rebuilds the style tables).
void qml_register_all(LAMMPS *lmp);
}    // namespace LAMMPS_NS

#endif
