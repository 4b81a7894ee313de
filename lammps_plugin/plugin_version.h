/* The LAMMPS version check of qmlplugin.so, without LAMMPS headers (unit-tested).

   A C++ plugin uses LAMMPS's classes directly (object layouts, virtual tables), so it works
   only in the LAMMPS version it was compiled against; loaded into another one it would
   crash at the first call. The plugin records the numeric version it was built for
   (LAMMPS's num_ver, e.g. 20210929) and refuses to register in any other version. */
#ifndef QMLFF_PLUGIN_VERSION_H
#define QMLFF_PLUGIN_VERSION_H

#include <string>

namespace qmlff_plugin {

// LAMMPS's version string for a numeric version: 20260704 -> "4 Jul 2026"; numbers that
// are no date come back as digits.
std::string lammps_version_string(int num_ver);

// Empty if built == running; otherwise the message refusing to register, naming both
// versions, the plugin file (if known) and how to rebuild the plugin.
std::string version_mismatch_message(int built, int running, const std::string &plugin_path);

}    // namespace qmlff_plugin

#endif
