# `cmake --install build [--prefix P]`: programs, plugin, library + headers + CMake package,
# potentials and docs. Layout under the prefix:
#   bin/qmlff, bin/lmp_qml                 lib/lammps/plugins/qmlplugin.so
#   lib/libqmlff.a, include/qmlff/...      lib/cmake/qmlff/qmlffConfig.cmake (find_package(qmlff))
#   share/qmlff/potentials/*.json          share/doc/qmlff/ (README.md, docs/)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(QMLFF_INSTALL_POTENTIALS ${CMAKE_INSTALL_DATADIR}/qmlff/potentials)

install(TARGETS qmlff EXPORT qmlffTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/qmlff
        FILES_MATCHING PATTERN "*.h" PATTERN "cli" EXCLUDE)
install(EXPORT qmlffTargets NAMESPACE qmlff:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/qmlff)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/qmlffConfig.cmake.in
  ${PROJECT_BINARY_DIR}/qmlffConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/qmlff
  PATH_VARS QMLFF_INSTALL_POTENTIALS)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/qmlffConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/qmlffConfig.cmake ${PROJECT_BINARY_DIR}/qmlffConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/qmlff)

if(TARGET qmlff_cli)
  install(TARGETS qmlff_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(TARGET lmp_qml)
  install(TARGETS lmp_qml RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(TARGETS qmlplugin LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/lammps/plugins)
endif()
file(GLOB _qmlff_potentials ${PROJECT_SOURCE_DIR}/potentials/*.json)  # not the training records
install(FILES ${_qmlff_potentials} ${PROJECT_SOURCE_DIR}/potentials/README.md DESTINATION ${QMLFF_INSTALL_POTENTIALS})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
