# Compile settings for code that includes LAMMPS headers, as the INTERFACE target
# qmlff_lammps_headers; link it to those targets only (never to src/).
#  - the folder holding pair.h: Debian's LAMMPS::lammps points at it, an upstream install
#    points one level up (<prefix>/include) and keeps its headers in <prefix>/include/lammps,
#    next to its own fmt/ and a nlohmann/json.hpp that refuses direct inclusion;
#  - fmt_compat/ only for LAMMPS headers that include "fmt/format.h" but ship no fmt/;
#  - no MPI C++ bindings (OMPI_SKIP_MPICXX, MPICH_SKIP_MPICXX): a plugin compiled with them
#    needs libmpi_cxx at `plugin load`;
#  - QMLFF_LAMMPS_VERSION: the LAMMPS version compiled against, as LAMMPS's num_ver (e.g. 20210929).
get_target_property(_lmp_dirs LAMMPS::lammps INTERFACE_INCLUDE_DIRECTORIES)
set(QMLFF_LAMMPS_INCLUDE_DIR "")
foreach(_d IN LISTS _lmp_dirs)
  if(EXISTS "${_d}/pair.h")
    set(QMLFF_LAMMPS_INCLUDE_DIR "${_d}")
  elseif(EXISTS "${_d}/lammps/pair.h")
    set(QMLFF_LAMMPS_INCLUDE_DIR "${_d}/lammps")
  endif()
  if(QMLFF_LAMMPS_INCLUDE_DIR)
    break()
  endif()
endforeach()
if(NOT QMLFF_LAMMPS_INCLUDE_DIR)
  message(FATAL_ERROR "qmlff: found LAMMPS (${LAMMPS_DIR}) but not its C++ headers (pair.h) in "
    "'${_lmp_dirs}' or a lammps/ folder below it. Install LAMMPS with BUILD_SHARED_LIBS=on "
    "(which installs the headers) or install Debian's liblammps-dev.")
endif()
# Debian's package gives 20210929, current LAMMPS 2026.7.4.0: both become 20260704-style
set(QMLFF_LAMMPS_VERSION "${LAMMPS_VERSION}")
if(QMLFF_LAMMPS_VERSION MATCHES "^([0-9][0-9][0-9][0-9])\\.([0-9]+)\\.([0-9]+)")
  math(EXPR QMLFF_LAMMPS_VERSION "${CMAKE_MATCH_1} * 10000 + ${CMAKE_MATCH_2} * 100 + ${CMAKE_MATCH_3}")
endif()
if(NOT QMLFF_LAMMPS_VERSION MATCHES "^[0-9]+$")
  message(FATAL_ERROR "qmlff: LAMMPS's CMake package gives no numeric version "
    "(LAMMPS_VERSION='${LAMMPS_VERSION}'); the plugin must record the version it is built for.")
endif()
set(QMLFF_LAMMPS_VERSION "${QMLFF_LAMMPS_VERSION}" PARENT_SCOPE)

add_library(qmlff_lammps_headers INTERFACE)
if(NOT EXISTS "${QMLFF_LAMMPS_INCLUDE_DIR}/fmt/format.h")
  target_include_directories(qmlff_lammps_headers BEFORE INTERFACE ${CMAKE_CURRENT_LIST_DIR}/fmt_compat)
endif()
target_include_directories(qmlff_lammps_headers INTERFACE ${QMLFF_LAMMPS_INCLUDE_DIR})
target_compile_definitions(qmlff_lammps_headers INTERFACE OMPI_SKIP_MPICXX=1 MPICH_SKIP_MPICXX=1)
message(STATUS "qmlff: LAMMPS ${QMLFF_LAMMPS_VERSION}, headers in ${QMLFF_LAMMPS_INCLUDE_DIR}")
