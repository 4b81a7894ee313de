/* ----------------------------------------------------------------------
   qmlplugin.so: pair style qml for LAMMPS builds with the PLUGIN package
   (`plugin load qmlplugin.so`). Built from the same sources as lmp_qml.

   The plugin records the LAMMPS version it was compiled against (QMLFF_LAMMPS_VERSION,
   from LAMMPS's CMake package) and registers the style only in that version: it asks the
   running LAMMPS for its version through the C library interface (lammps_version(), whose
   code belongs to the running LAMMPS, so no object layout is assumed) and otherwise stops
   with an error naming both versions (plugin_version.h).

   Current LAMMPS does not install lammpsplugin.h (nor does Debian's, which has no PLUGIN
   package); where it is missing, the plugin record is declared here with the layout of
   LAMMPS's src/lammpsplugin.h (version, style, name, info, author, creator union, handle),
   unchanged since the PLUGIN package appeared.
------------------------------------------------------------------------- */

#include "lammps.h"
#include "library.h"

#if __has_include("lammpsplugin.h")
#include "lammpsplugin.h"
#else
extern "C" {
typedef void *(lammpsplugin_factory1)(void *);
typedef void *(lammpsplugin_factory2)(void *, int, char **);
typedef struct {
  const char *version;
  const char *style;
  const char *name;
  const char *info;
  const char *author;
  union {
    lammpsplugin_factory1 *v1;
    lammpsplugin_factory2 *v2;
  } creator;
  void *handle;
} lammpsplugin_t;
typedef void (*lammpsplugin_regfunc)(lammpsplugin_t *, void *);
void lammpsplugin_init(void *lmp, void *handle, void *regfunc);
}
#endif

#include <dlfcn.h>

#include <cstdio>
#include <string>

#include "pair_qml.h"
#include "plugin_version.h"

using namespace LAMMPS_NS;

namespace {

Pair *pair_qml_creator(LAMMPS *lmp)
{
  return new PairQML(lmp);
}

std::string this_file()
{
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&pair_qml_creator), &info) != 0 && info.dli_fname) return info.dli_fname;
  return {};
}

// Stops the input with LAMMPS's own error (lammps_error(), current LAMMPS: prints
// "ERROR: ..." on screen and in the log, then exits); LAMMPS versions without lammps_error()
// get the message on stderr, and `pair_style qml` then fails as an unknown style.
void refuse(void *lmp, const std::string &message)
{
  using ErrorFunction = void (*)(void *, int, const char *);
  auto lammps_error = reinterpret_cast<ErrorFunction>(dlsym(RTLD_DEFAULT, "lammps_error"));
  if (lammps_error) lammps_error(lmp, 2 /* LMP_ERROR_ALL */, message.c_str());
  fprintf(stderr, "ERROR: %s\n", message.c_str());
  fflush(stderr);
}

}    // namespace

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc)
{
  const int running = lammps_version(lmp);
  const std::string mismatch = qmlff_plugin::version_mismatch_message(QMLFF_LAMMPS_VERSION, running, this_file());
  if (!mismatch.empty()) {
    refuse(lmp, mismatch);
    return;
  }
  static const std::string built_for = qmlff_plugin::lammps_version_string(QMLFF_LAMMPS_VERSION);
  lammpsplugin_t plugin;
  auto register_plugin = (lammpsplugin_regfunc) regfunc;
  plugin.version = built_for.c_str();
  plugin.style = "pair";
  plugin.name = "qml";
  plugin.info = "qmlff quantum-learned fragment potentials";
  plugin.author = "qmlff developers";
  plugin.creator.v1 = (lammpsplugin_factory1 *) &pair_qml_creator;
  plugin.handle = handle;
  (*register_plugin)(&plugin, lmp);
}
