// Re-encoding trained siVQLM files (io/reencode.h, `qmlff build --from`) and the shipped LiH
// potential, which is the su2-trained file re-encoded with the bond encoding.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "core/error.h"
#include "io/atomic_write.h"
#include "io/dataset.h"
#include "io/potential_file.h"
#include "io/reencode.h"
#include "model_test_helpers.h"

namespace qmlff {
namespace {

using testing::random_model;
using testing::random_rotation;
using testing::rotate;

bool has_su2_gates(const FragmentModel& m) {
  for (const auto& g : m.circuit.gates)
    if (g.kind == GateKind::Su2Encode) return true;
  return false;
}

// Energies and forces of a and b agree to `tol` relative to max(1, |E|) and max(1, max|F|).
void expect_same_energies_forces(const FragmentModel& a, const FragmentModel& b, const std::vector<Vec3>& x,
                                 double tol) {
  FragmentEvaluator ea(a), eb(b);
  std::vector<Vec3> fa(x.size()), fb(x.size());
  const double va = ea.energy_forces(x.data(), fa.data()), vb = eb.energy_forces(x.data(), fb.data());
  EXPECT_NEAR(va, vb, tol * std::max(1.0, std::abs(va)));
  double fmax = 1.0;
  for (const auto& f : fa)
    for (double c : f) fmax = std::max(fmax, std::abs(c));
  for (std::size_t i = 0; i < x.size(); ++i)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(fa[i][c], fb[i][c], tol * fmax) << "atom " << i << " component " << c;
}

// LiH at bond length r, randomly rotated and translated.
std::vector<Vec3> lih_at(double r, std::mt19937& rng) {
  std::uniform_real_distribution<double> shift(-2.0, 2.0);
  auto x = rotate(random_rotation(rng), {{0.0, 0.0, 0.0}, {0.0, 0.0, r}});
  const Vec3 t{shift(rng), shift(rng), shift(rng)};
  for (auto& v : x)
    for (int c = 0; c < 3; ++c) v[c] += t[c];
  return x;
}

TEST(ShippedLiH, BondFileReproducesTheSu2TrainedFile) {
  const std::string dir = std::string(QMLFF_SOURCE_DIR) + "/potentials/";
  const FragmentModel bond = load_potential_file(dir + "lih.json");
  const FragmentModel su2 = load_potential_file(dir + "training/lih/lih_su2.json");
  EXPECT_FALSE(has_su2_gates(bond));
  EXPECT_TRUE(bond.internal.has_value());
  EXPECT_TRUE(has_su2_gates(su2));
  EXPECT_EQ(bond.parameter_labels, su2.parameter_labels);
  EXPECT_EQ(bond.parameters, su2.parameters);
  EXPECT_EQ(bond.scale, su2.scale);
  EXPECT_EQ(bond.offset, su2.offset);
  const auto jb = nlohmann::json::parse(serialize_potential(bond)), js = nlohmann::json::parse(serialize_potential(su2));
  for (const char* key : {"name", "species", "units", "bonds", "output", "fragment_cutoff", "parameters"})
    EXPECT_EQ(jb[key], js[key]) << key;
  std::mt19937 rng(5);
  for (double r : {0.9, 1.2, 1.6, 2.0, 3.0, 4.5, 5.9}) expect_same_energies_forces(su2, bond, lih_at(r, rng), 1e-10);
  // The frames the file was trained and tested on.
  const Dataset ds = read_extxyz(std::string(QMLFF_SOURCE_DIR) + "/examples/data/lih.extxyz");
  for (std::size_t i = 0; i < ds.frames.size(); i += 19) {
    const Frame& f = ds.frames[i];
    ASSERT_EQ(f.species, su2.species);
    expect_same_energies_forces(su2, bond, f.positions, 1e-10);
  }
  // The provenance names the file it was converted from, by its checksum.
  const auto prov = nlohmann::json::parse(bond.provenance_json);
  ASSERT_TRUE(prov.contains("conversions"));
  const auto& conv = prov["conversions"].back();
  EXPECT_EQ(conv["source"]["encoding"], "su2");
  EXPECT_EQ(conv["encoding"], "bond");
  EXPECT_EQ(conv["source"]["checksum"], sha256_checksum(read_text_file(dir + "training/lih/lih_su2.json")));
  EXPECT_EQ(nlohmann::json::parse(su2.provenance_json)["metrics"], prov["metrics"]);
}

TEST(Reencode, LiHSu2ToBondAndBackKeepsTheModel) {
  std::mt19937 rng(41);
  for (bool sb : {false, true}) {
    BuilderOptions o;
    o.depth = 3;
    o.symmetry_breaking = sb;
    FragmentModel su2 = random_model("sivqlm_ab", o, rng);
    su2.name = "lih-test";
    su2.fragment_cutoff = 5.5;
    MorseBonds mb;
    mb.bonds = {{0, 1, 2.9, 1.3, 1.5}};
    su2.bonds = mb;
    su2.provenance_json = R"({"generator":"test"})";
    const Reencoded r = reencode_model(su2, "bond");
    EXPECT_EQ(r.source.depth, 3);
    EXPECT_EQ(r.source.blocks, 1);
    EXPECT_EQ(r.source.symmetry_breaking, sb);
    EXPECT_EQ(r.source.encoding, "su2");
    EXPECT_FALSE(has_su2_gates(r.model));
    EXPECT_EQ(r.model.name, "lih-test");
    EXPECT_EQ(r.model.fragment_cutoff, 5.5);
    EXPECT_EQ(r.model.provenance_json, su2.provenance_json);
    for (int t = 0; t < 4; ++t) expect_same_energies_forces(su2, r.model, lih_at(0.9 + 1.1 * t, rng), 1e-12);
    // And back: the very same file.
    const Reencoded back = reencode_model(r.model, "su2");
    EXPECT_EQ(back.source.encoding, "bond");
    EXPECT_EQ(serialize_potential(back.model), serialize_potential(su2));
  }
}

TEST(Reencode, RefusesWhatItCannotMapByMeaning) {
  std::mt19937 rng(43);
  BuilderOptions o;
  o.depth = 2;
  const FragmentModel lih = random_model("sivqlm_ab", o, rng);
  auto refuses = [](const FragmentModel& m, const std::string& enc, const std::string& what) {
    try {
      reencode_model(m, enc);
      ADD_FAILURE() << "expected a refusal mentioning '" << what << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  FragmentModel swapped = lih;  // two exchange gates trade their couplings: not the builder's layout
  for (auto& g : swapped.circuit.gates)
    if (g.kind == GateKind::Heisenberg) g.args[0].param = g.args[0].param == 1 ? 2 : g.args[0].param == 2 ? 1 : g.args[0].param;
  refuses(swapped, "bond", "is not the circuit the builder lays out for kind sivqlm_ab, D=2, B=1, sb=no, encoding su2");
  FragmentModel relabelled = lih;
  relabelled.parameter_labels[1] = "w1";
  refuses(relabelled, "bond", "parameter label 'w1' is not one the sivqlm_ab builder writes");
  FragmentModel renumbered = lih;  // labels that say another layer than the gates
  std::swap(renumbered.parameter_labels[1], renumbered.parameter_labels[4]);
  refuses(renumbered, "bond", "first difference at '/parameters/labels/1'");
  refuses(random_model("sivqlm_ab2", o, rng), "bond", "builder 'sivqlm_ab2': encoding must be 'su2'");
  BuilderOptions g;
  g.depth = 2;
  refuses(random_model("graph", g, rng), "bond", "kind 'graph' is not supported");
}

}  // namespace
}  // namespace qmlff
