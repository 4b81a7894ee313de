#pragma once
// Where installed programs find the installed potential files.
//
// `cmake --install` puts the potentials in <prefix>/share/qmlff/potentials next to
// <prefix>/bin/qmlff and <prefix>/bin/lmp_qml; those programs find them from their own
// location (/proc/self/exe), or from $QMLFF_POTENTIALS when it is set.
#include <string>

namespace qmlff {

// $QMLFF_POTENTIALS if set; else <prefix>/share/qmlff/potentials for a program running from
// <prefix>/bin, if that folder exists; else "".
std::string installed_potentials_dir();

// `name` itself if it is an existing file or contains a '/'; else installed_potentials_dir()/name
// if that file exists; else `name` (so errors name what the user wrote).
std::string find_potential_file(const std::string& name);

}  // namespace qmlff
