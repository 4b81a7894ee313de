/* ----------------------------------------------------------------------
   qmlplugin.so: pair style qml for LAMMPS builds with the PLUGIN package
   (`plugin load qmlplugin.so`). Built from the same sources as lmp_qml.

   lammpsplugin.h is not installed by Debian (its LAMMPS has no PLUGIN package), so the
   plugin record is declared here with the layout of LAMMPS's lammpsplugin_t
   (src/PLUGIN/lammpsplugin.h: version, style, name, info, author, creator union, handle).
------------------------------------------------------------------------- */

#include "lammps.h"

#include "pair_qml.h"

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

using namespace LAMMPS_NS;

static Pair *pair_qml_creator(LAMMPS *lmp)
{
  return new PairQML(lmp);
}

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc)
{
  lammpsplugin_t plugin;
  auto register_plugin = (lammpsplugin_regfunc) regfunc;
  // the running LAMMPS's own version string, so the loader's version check passes
  plugin.version = static_cast<LAMMPS *>(lmp)->version;
  plugin.style = "pair";
  plugin.name = "qml";
  plugin.info = "qmlff quantum-learned fragment potentials";
  plugin.author = "qmlff developers";
  plugin.creator.v1 = (lammpsplugin_factory1 *) &pair_qml_creator;
  plugin.handle = handle;
  (*register_plugin)(&plugin, lmp);
}
