// Extended XYZ reader and writer (src/io/dataset.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

#include "core/error.h"
#include "io/atomic_write.h"
#include "io/dataset.h"

using namespace qmlff;

namespace {

const std::string kFixture = std::string(QMLFF_SOURCE_DIR) + "/tests/data/ase_h2o.extxyz";

// Runs the parser on `text` and returns the error message ("" if it parsed).
std::string parse_error(const std::string& text, const ExtxyzOptions& opt = {}) {
  try {
    parse_extxyz(text, "mem.xyz", opt);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::string tmp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("qmlff_test_extxyz_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

}  // namespace

TEST(Extxyz, ReadsAseFixture) {
  const Dataset ds = read_extxyz(kFixture);
  EXPECT_EQ(ds.path, kFixture);
  ASSERT_EQ(ds.frames.size(), 2u);

  const Frame& a = ds.frames[0];
  EXPECT_EQ(a.line, 1);
  EXPECT_EQ(a.species, (std::vector<std::string>{"O", "H", "H"}));
  EXPECT_EQ(a.positions[1][1], 0.7572);
  EXPECT_EQ(a.positions[2][2], -0.4692);
  ASSERT_TRUE(a.energy.has_value());
  EXPECT_EQ(*a.energy, -2080.123456789);
  ASSERT_EQ(a.forces.size(), 3u);
  EXPECT_EQ(a.forces[0][2], 0.1);
  EXPECT_EQ(a.forces[2][1], -0.05);
  EXPECT_FALSE(a.lattice.has_value());
  EXPECT_EQ(a.pbc, (std::array<bool, 3>{false, false, false}));
  EXPECT_TRUE(a.arrays.empty());
  EXPECT_EQ(a.info.at("pbc"), "F F F");

  const Frame& b = ds.frames[1];
  EXPECT_EQ(b.line, 6);
  EXPECT_EQ(b.species, (std::vector<std::string>{"H", "O", "H"}));
  EXPECT_EQ(*b.energy, -2080.25);
  EXPECT_EQ(b.forces[1][2], -0.04);
  ASSERT_TRUE(b.lattice.has_value());
  EXPECT_EQ((*b.lattice)[0], 10.0);
  EXPECT_EQ((*b.lattice)[4], 11.0);
  EXPECT_EQ((*b.lattice)[8], 12.5);
  EXPECT_EQ(b.pbc, (std::array<bool, 3>{true, true, true}));
  EXPECT_EQ(b.info.at("note"), "hello world");
  EXPECT_EQ(b.info.at("flag"), "T");
  EXPECT_EQ(b.info.at("interaction_energy"), "0.5");
  EXPECT_EQ(b.info.at("Lattice"), "10.0 0.0 0.0 0.0 11.0 0.0 0.0 0.0 12.5");
  ASSERT_EQ(b.arrays.count("charge"), 1u);
  EXPECT_EQ(b.arrays.at("charge"), (std::vector<double>{0.4, -0.8, 0.4}));
  ASSERT_EQ(b.arrays.at("tags3").size(), 9u);
  EXPECT_EQ(b.arrays.at("tags3")[5], 5.0);
}

TEST(Extxyz, ChecksumIsSha256OfTheBytes) {
  EXPECT_EQ(sha256_checksum("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const Dataset ds = read_extxyz(kFixture);
  EXPECT_EQ(ds.checksum, sha256_checksum(read_text_file(kFixture)));
  EXPECT_EQ(ds.checksum.size(), 7u + 64u);
}

TEST(Extxyz, ConfigurableEnergyAndForceKeys) {
  ExtxyzOptions opt;
  opt.energy_key = "interaction_energy";
  opt.forces_key = "tags3";
  const Dataset ds = read_extxyz(kFixture, opt);
  EXPECT_FALSE(ds.frames[0].energy.has_value());
  EXPECT_TRUE(ds.frames[0].forces.empty());
  EXPECT_EQ(*ds.frames[1].energy, 0.5);
  ASSERT_EQ(ds.frames[1].forces.size(), 3u);
  EXPECT_EQ(ds.frames[1].forces[2][0], 6.0);
  // The standard force column becomes an ordinary array.
  ASSERT_EQ(ds.frames[1].arrays.count("forces"), 1u);
  EXPECT_EQ(ds.frames[1].arrays.at("forces")[5], -0.04);

  opt.require_energy = true;
  const std::string msg = [&] {
    try {
      read_extxyz(kFixture, opt);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(msg.find(kFixture + ":2: missing the energy label 'interaction_energy=...'"), std::string::npos) << msg;
}

TEST(Extxyz, ColumnsInAnyOrderAndIntegerLogicalColumns) {
  const std::string text =
      "2\n"
      "Properties=forces:R:3:id:I:1:species:S:1:fixed:L:1:pos:R:3:name:S:1 e_int=-1.5e-3\n"
      "1 2 3 7 Li T 0.1 0.2 0.3 alpha\n"
      "-1 -2 -3 8 H F 1.6 0 0 beta\n";
  ExtxyzOptions opt;
  opt.energy_key = "e_int";
  const Dataset ds = parse_extxyz(text, "mem.xyz", opt);
  ASSERT_EQ(ds.frames.size(), 1u);
  const Frame& f = ds.frames[0];
  EXPECT_EQ(f.species, (std::vector<std::string>{"Li", "H"}));
  EXPECT_EQ(f.positions[0], (Vec3{0.1, 0.2, 0.3}));
  EXPECT_EQ(f.forces[1], (Vec3{-1, -2, -3}));
  EXPECT_EQ(*f.energy, -1.5e-3);
  EXPECT_EQ(f.arrays.at("id"), (std::vector<double>{7, 8}));
  EXPECT_EQ(f.arrays.at("fixed"), (std::vector<double>{1, 0}));
  EXPECT_EQ(f.arrays.count("name"), 0u);  // string columns other than species are ignored
}

TEST(Extxyz, CommentLineQuotingFlagsAndBlankLines) {
  const std::string text =
      "\n1\r\n"
      "  Properties=species:S:1:pos:R:3  s=\"a \\\"quoted\\\" b\" t='single q' u={1 2 3} flag energy = 2.5 "
      "PBC=\"T F T\"\r\n"
      "H 0 0 0\r\n\n\n";
  const Dataset ds = parse_extxyz(text, "mem.xyz");
  ASSERT_EQ(ds.frames.size(), 1u);
  const Frame& f = ds.frames[0];
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.info.at("s"), "a \"quoted\" b");
  EXPECT_EQ(f.info.at("t"), "single q");
  EXPECT_EQ(f.info.at("u"), "1 2 3");
  EXPECT_EQ(f.info.at("flag"), "T");
  EXPECT_EQ(*f.energy, 2.5);
  EXPECT_EQ(f.pbc, (std::array<bool, 3>{true, false, true}));
  EXPECT_TRUE(f.forces.empty());
}

TEST(Extxyz, RoundTripIsBitExact) {
  std::mt19937_64 rng(12345);
  std::uniform_real_distribution<double> u(-10.0, 10.0);
  std::vector<Frame> frames;
  for (int fi = 0; fi < 4; ++fi) {
    Frame f;
    const int n = 1 + fi;
    for (int a = 0; a < n; ++a) {
      f.species.push_back(a % 2 ? "H" : "Li");
      f.positions.push_back({u(rng), u(rng) * 1e-7, u(rng) * 1e5});
      if (fi != 2) f.forces.push_back({u(rng), u(rng) / 3.0, std::nextafter(1.0, 2.0)});
    }
    if (fi != 1) f.energy = u(rng) * 1e3;
    if (fi == 3) {
      f.lattice = std::array<double, 9>{1.0 / 3.0, 0, 0, 0, 7.25, 0, 0.1, 0.2, 9.0};
      f.pbc = {true, false, true};
      f.info["comment"] = "two words";
      f.info["quote"] = "say \"hi\"";
      f.info["plain"] = "x";
      f.arrays["q"] = std::vector<double>(static_cast<std::size_t>(n));
      for (auto& v : f.arrays["q"]) v = u(rng);
      f.arrays["m3"] = std::vector<double>(static_cast<std::size_t>(3 * n), 1.0e-300);
    }
    frames.push_back(f);
  }
  const std::string path = tmp_path("roundtrip.xyz");
  std::remove(path.c_str());
  write_extxyz(path, frames, false);
  EXPECT_THROW(write_extxyz(path, frames, false), Error);  // never overwrites silently
  const Dataset ds = read_extxyz(path);
  ASSERT_EQ(ds.frames.size(), frames.size());
  for (std::size_t fi = 0; fi < frames.size(); ++fi) {
    const Frame& a = frames[fi];
    const Frame& b = ds.frames[fi];
    EXPECT_EQ(a.species, b.species);
    EXPECT_EQ(a.positions, b.positions);
    EXPECT_EQ(a.forces, b.forces);
    EXPECT_EQ(a.energy, b.energy);
    EXPECT_EQ(a.lattice, b.lattice);
    EXPECT_EQ(a.pbc, b.pbc);
    EXPECT_EQ(a.arrays, b.arrays);
    for (const auto& [k, v] : a.info) EXPECT_EQ(b.info.at(k), v) << k;
  }
  // Writing what was read gives the same bytes.
  EXPECT_EQ(format_extxyz(ds.frames), read_text_file(path));
  // Custom keys round-trip too.
  ExtxyzOptions opt;
  opt.energy_key = "interaction_energy";
  opt.forces_key = "interaction_forces";
  const std::string text = format_extxyz(frames, opt);
  EXPECT_NE(text.find("interaction_forces:R:3"), std::string::npos);
  const Dataset ds2 = parse_extxyz(text, "mem", opt);
  EXPECT_EQ(ds2.frames[0].forces, frames[0].forces);
  EXPECT_EQ(ds2.frames[0].energy, frames[0].energy);
  std::remove(path.c_str());
}

TEST(Extxyz, AseFixtureRewriteIsReadableAndEqual) {
  const Dataset ds = read_extxyz(kFixture);
  const Dataset again = parse_extxyz(format_extxyz(ds.frames), "rewritten");
  ASSERT_EQ(again.frames.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(again.frames[i].positions, ds.frames[i].positions);
    EXPECT_EQ(again.frames[i].forces, ds.frames[i].forces);
    EXPECT_EQ(again.frames[i].energy, ds.frames[i].energy);
    EXPECT_EQ(again.frames[i].arrays, ds.frames[i].arrays);
    EXPECT_EQ(again.frames[i].lattice, ds.frames[i].lattice);
  }
}

struct BadCase {
  const char* name;
  std::string text;
  std::string expected;  // substring, starting with "mem.xyz:<line>:"
  bool require_energy = false;
};

TEST(Extxyz, EveryErrorNamesFileAndLine) {
  const std::string hdr = "Properties=species:S:1:pos:R:3:forces:R:3 energy=1.0\n";
  const std::string ok_atom = "H 0 0 0 0 0 0\n";
  const std::vector<BadCase> cases = {
      {"bad atom count", "x3\n" + hdr + ok_atom, "mem.xyz:1: expected the number of atoms of frame 1"},
      {"negative atom count", "-1\n" + hdr, "mem.xyz:1: expected the number of atoms"},
      {"second frame count", "1\n" + hdr + ok_atom + "1 2\n" + hdr + ok_atom,
       "mem.xyz:4: expected the number of atoms of frame 2"},
      {"no comment line", "1\n", "mem.xyz:2: file ends after the atom count of frame 1"},
      {"too few atom lines", "3\n" + hdr + ok_atom + ok_atom,
       "mem.xyz:5: file ends after 2 atom line(s) of frame 1 (3 atoms, declared at line 1); expected 3 atom lines"},
      {"wrong number of columns", "2\n" + hdr + ok_atom + "H 0 0 0 0 0\n",
       "mem.xyz:4: atom 2 of frame 1 (2 atoms, declared at line 1): expected 7 columns"},
      {"too many columns", "1\n" + hdr + "H 0 0 0 0 0 0 0\n", "mem.xyz:3: atom 1 of frame 1"},
      {"non-numeric position", "1\n" + hdr + "H 0 abc 0 0 0 0\n",
       "mem.xyz:3: column 3 ('pos', real): expected a number, got 'abc'"},
      {"non-numeric force", "1\n" + hdr + "H 0 0 0 0 0 1.0.0\n",
       "mem.xyz:3: column 7 ('forces', real): expected a number, got '1.0.0'"},
      {"bad integer", "1\nProperties=species:S:1:pos:R:3:id:I:1\nH 0 0 0 1.5\n",
       "mem.xyz:3: column 5 ('id', integer): expected an integer"},
      {"bad logical", "1\nProperties=species:S:1:pos:R:3:m:L:1\nH 0 0 0 yes\n",
       "mem.xyz:3: column 5 ('m', logical): expected T or F"},
      {"missing Properties", "1\nenergy=1.0\n" + ok_atom, "mem.xyz:2: comment line of frame 1"},
      {"plain xyz comment", "1\nwater molecule\n" + ok_atom, "has no Properties="},
      {"malformed Properties", "1\nProperties=species:S:1:pos:R\n" + ok_atom,
       "mem.xyz:2: expected Properties=name:type:count"},
      {"bad column type", "1\nProperties=species:S:1:pos:X:3\n" + ok_atom,
       "mem.xyz:2: Properties: column 'pos' has type 'X'"},
      {"bad column count", "1\nProperties=species:S:1:pos:R:zero\n" + ok_atom,
       "mem.xyz:2: Properties: column 'pos' has count 'zero'"},
      {"duplicate column", "1\nProperties=species:S:1:pos:R:3:pos:R:3\n" + ok_atom,
       "mem.xyz:2: Properties: column 'pos' appears twice"},
      {"species column missing", "1\nProperties=pos:R:3:forces:R:3\n0 0 0 0 0 0\n",
       "mem.xyz:2: Properties: expected a species:S:1 column"},
      {"pos column missing", "1\nProperties=species:S:1:forces:R:3\nH 0 0 0\n",
       "mem.xyz:2: Properties: expected a pos:R:3 column"},
      {"forces of wrong shape", "1\nProperties=species:S:1:pos:R:3:forces:R:2\nH 0 0 0 0 0\n",
       "mem.xyz:2: Properties: force column 'forces' must be forces:R:3"},
      {"non-numeric energy", "1\nProperties=species:S:1:pos:R:3 energy=high\nH 0 0 0\n",
       "mem.xyz:2: energy key 'energy': expected a number, got 'high'"},
      {"missing energy", "1\n" + hdr + ok_atom + "1\nProperties=species:S:1:pos:R:3:forces:R:3\n" + ok_atom,
       "mem.xyz:5: missing the energy label 'energy=...' in the comment line of frame 2", true},
      {"unclosed quote", "1\nProperties=species:S:1:pos:R:3 note=\"abc\n" + ok_atom,
       "mem.xyz:2: comment line: value of key 'note' opens a quote"},
      {"bad lattice", "1\nLattice=\"1 0 0 0 1 0 0 0\" Properties=species:S:1:pos:R:3\nH 0 0 0\n",
       "mem.xyz:2: Lattice: expected 9 numbers"},
      {"bad pbc", "1\nProperties=species:S:1:pos:R:3 pbc=\"T T\"\nH 0 0 0\n", "mem.xyz:2: pbc: expected three"},
      {"dangling equals", "1\nProperties=species:S:1:pos:R:3 energy=\nH 0 0 0\n",
       "mem.xyz:2: comment line: key 'energy' has '=' but no value"},
      // issue 23: non-finite and out-of-range numbers are refused at read time
      {"nan force", "2\n" + hdr + ok_atom + "H 0 0 1 0 nan 0\n", "mem.xyz:4: non-finite value in column forces: 'nan'"},
      {"inf position", "1\n" + hdr + "H 0 -inf 0 0 0 0\n", "mem.xyz:3: non-finite value in column pos: '-inf'"},
      {"infinity in an extra column", "1\nProperties=species:S:1:pos:R:3:q:R:1\nH 0 0 0 Infinity\n",
       "mem.xyz:3: non-finite value in column q: 'Infinity'"},
      {"nan energy", "1\nProperties=species:S:1:pos:R:3 energy=NaN\nH 0 0 0\n",
       "mem.xyz:2: non-finite value in energy key 'energy': 'NaN'"},
      {"nan in the cell", "1\nLattice=\"1 0 0 0 nan 0 0 0 1\" Properties=species:S:1:pos:R:3\nH 0 0 0\n",
       "mem.xyz:2: non-finite value in Lattice: 'nan' (Lattice value 5)"},
      {"energy overflow", "1\nProperties=species:S:1:pos:R:3 energy=1e400\nH 0 0 0\n",
       "mem.xyz:2: value out of range in energy key 'energy': '1e400'"},
      {"position overflow", "1\n" + hdr + "H 0 0 -1e400 0 0 0\n",
       "mem.xyz:3: value out of range in column pos: '-1e400' (column 4 ('pos', real))"},
  };
  for (const auto& c : cases) {
    ExtxyzOptions opt;
    opt.require_energy = c.require_energy;
    const std::string msg = parse_error(c.text, opt);
    EXPECT_NE(msg.find(c.expected), std::string::npos) << c.name << ": got \"" << msg << "\"";
    EXPECT_EQ(msg.rfind("mem.xyz:", 0), 0u) << c.name << ": " << msg;
  }
}

TEST(Extxyz, RequireForcesNamesTheKey) {
  ExtxyzOptions opt;
  opt.require_forces = true;
  opt.forces_key = "interaction_forces";
  const std::string msg = parse_error("1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 0 0 0\n", opt);
  EXPECT_NE(msg.find("mem.xyz:2: Properties: missing the force column 'interaction_forces:R:3'"), std::string::npos)
      << msg;
}

TEST(Extxyz, MissingFileIsReported) {
  EXPECT_THROW(read_extxyz("/nonexistent/dir/file.xyz"), Error);
}

TEST(Extxyz, EmptyFileHasNoFrames) {
  EXPECT_TRUE(parse_extxyz("", "empty.xyz").frames.empty());
  EXPECT_TRUE(parse_extxyz("\n\n", "empty.xyz").frames.empty());
}

TEST(Extxyz, WriterRejectsInconsistentFrames) {
  Frame f;
  f.species = {"H", "H"};
  f.positions = {{0, 0, 0}};
  EXPECT_THROW(format_extxyz({f}), Error);
  f.positions.push_back({0, 0, 0.74});
  f.forces = {{0, 0, 1}};
  EXPECT_THROW(format_extxyz({f}), Error);
  f.forces.clear();
  f.arrays["q"] = {1, 2, 3};  // not a multiple of the atom count
  EXPECT_THROW(format_extxyz({f}), Error);
  f.arrays.clear();
  f.species[0] = "H 1";
  EXPECT_THROW(format_extxyz({f}), Error);
  f.species[0] = "H";
  EXPECT_NO_THROW(format_extxyz({f}));
}
