// The LAMMPS version check of qmlplugin.so (lammps_plugin/plugin_version.h).
#include <gtest/gtest.h>

#include "plugin_version.h"

using qmlff_plugin::lammps_version_string;
using qmlff_plugin::version_mismatch_message;

TEST(PluginVersion, FormatsLikeLammps) {
  EXPECT_EQ(lammps_version_string(20210929), "29 Sep 2021");
  EXPECT_EQ(lammps_version_string(20260704), "4 Jul 2026");
  EXPECT_EQ(lammps_version_string(20240101), "1 Jan 2024");
  EXPECT_EQ(lammps_version_string(20241315), "20241315");  // no month 13: digits
  EXPECT_EQ(lammps_version_string(0), "0");
}

TEST(PluginVersion, SameVersionRegisters) {
  EXPECT_EQ(version_mismatch_message(20260704, 20260704, "/x/qmlplugin.so"), "");
}

TEST(PluginVersion, OtherVersionNamesBothAndTheRemedy) {
  const std::string m = version_mismatch_message(20210929, 20260704, "/opt/q/qmlplugin.so");
  EXPECT_NE(m.find("/opt/q/qmlplugin.so was compiled for LAMMPS 29 Sep 2021 (20210929)"), std::string::npos) << m;
  EXPECT_NE(m.find("this is LAMMPS 4 Jul 2026 (20260704)"), std::string::npos) << m;
  EXPECT_NE(m.find("pair style qml is not registered"), std::string::npos) << m;
  EXPECT_NE(m.find("-DLAMMPS_DIR="), std::string::npos) << m;
  EXPECT_NE(m.find("--target qmlplugin"), std::string::npos) << m;
  // older LAMMPS than the plugin's: the same message, in the other direction
  const std::string back = version_mismatch_message(20260704, 20210929, "");
  EXPECT_NE(back.find("qmlplugin.so was compiled for LAMMPS 4 Jul 2026 (20260704) but this is LAMMPS 29 Sep 2021"),
            std::string::npos) << back;
}
