#include "plugin_version.h"

namespace qmlff_plugin {

std::string lammps_version_string(int num_ver)
{
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int year = num_ver / 10000, month = num_ver / 100 % 100, day = num_ver % 100;
  if (num_ver <= 0 || month < 1 || month > 12 || day < 1 || day > 31) return std::to_string(num_ver);
  return std::to_string(day) + " " + months[month - 1] + " " + std::to_string(year);
}

std::string version_mismatch_message(int built, int running, const std::string &plugin_path)
{
  if (built == running) return {};
  const std::string file = plugin_path.empty() ? std::string("qmlplugin.so") : plugin_path;
  return file + " was compiled for LAMMPS " + lammps_version_string(built) + " (" + std::to_string(built) +
         ") but this is LAMMPS " + lammps_version_string(running) + " (" + std::to_string(running) +
         "); a C++ plugin works only in the LAMMPS version it was compiled for, so pair style qml is not "
         "registered. Rebuild the plugin against this LAMMPS: cmake -S <qmlff source> -B build-lammps "
         "-DLAMMPS_DIR=<this LAMMPS's prefix>/lib/cmake/LAMMPS && cmake --build build-lammps --target qmlplugin, "
         "then plugin load build-lammps/qmlplugin.so (docs/lammps.md, \"With your own LAMMPS\")";
}

}    // namespace qmlff_plugin
