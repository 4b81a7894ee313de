// FragmentAssembler without LAMMPS: a mock rank with owned and ghost atoms.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "interface/fragment_assembler.h"
#include "models/builders.h"

using namespace qmlff;

namespace {

// One rank's atoms: owned first, then ghosts (periodic copies with the same tag).
struct MockRank : LocalImages {
  int nlocal = 0;
  std::vector<std::int64_t> tag, mol;
  std::vector<int> species;
  std::vector<Vec3> x;

  void add(std::int64_t t, std::int64_t m, int s, Vec3 r) {
    tag.push_back(t);
    mol.push_back(m);
    species.push_back(s);
    x.push_back(r);
  }
  LocalAtoms view() const {
    LocalAtoms a;
    a.nlocal = nlocal;
    a.nall = static_cast<int>(tag.size());
    a.tag = tag.data();
    a.mol = mol.data();
    a.species = species.data();
    return a;
  }
  int map(std::int64_t t) const override {
    int ghost = -1;
    for (int i = 0; i < static_cast<int>(tag.size()); ++i)
      if (tag[i] == t) {
        if (i < nlocal) return i;
        if (ghost < 0) ghost = i;
      }
    return ghost;
  }
  int closest_image(int i, int j) const override {
    int best = j;
    double bd = 1e300;
    for (int k = 0; k < static_cast<int>(tag.size()); ++k) {
      if (tag[k] != tag[j]) continue;
      double d = 0;
      for (int c = 0; c < 3; ++c) d += (x[k][c] - x[i][c]) * (x[k][c] - x[i][c]);
      if (d < bd) {
        bd = d;
        best = k;
      }
    }
    return best;
  }
};

MoleculeTable table_of(const MockRank& r) {
  MoleculeTable t;
  const auto v = r.view();
  FragmentAssembler::local_molecule_stats(v, FragmentAssembler::local_max_molecule(v), t.count, t.anchor);
  return t;
}

FragmentModel h2o() { return build_model("sivqlm_ab2", default_builder_options("sivqlm_ab2")); }
FragmentModel lih() { return build_model("sivqlm_ab", default_builder_options("sivqlm_ab")); }

TEST(FragmentAssembler, SpeciesTableAndModelOrder) {
  const FragmentModel w = h2o(), l = lih();
  FragmentAssembler fa({&w, &l});
  ASSERT_EQ(fa.species(), (std::vector<std::string>{"O", "H", "Li"}));
  const int O = fa.species_index("O"), H = fa.species_index("H"), Li = fa.species_index("Li");
  EXPECT_EQ(fa.species_index("Cl"), -1);
  MockRank r;
  // water with atom IDs H=5, O=7, H=3; LiH with IDs H=1, Li=2
  r.add(5, 1, H, {0.96, 0, 0});
  r.add(7, 1, O, {0, 0, 0});
  r.add(3, 1, H, {-0.24, 0.93, 0});
  r.add(1, 2, H, {5, 5, 5});
  r.add(2, 2, Li, {6.6, 5, 5});
  r.nlocal = 5;
  fa.set_molecule_table(table_of(r));
  fa.assemble(r.view(), r);
  ASSERT_EQ(fa.n_fragments(), 2);
  for (int k = 0; k < 2; ++k) {
    const Fragment& f = fa.fragments()[k];
    if (f.model == 0) {
      EXPECT_EQ(f.anchor_mol, 1);
      EXPECT_EQ(f.atoms, (std::vector<int>{1, 2, 0}));  // O, then H by atom ID (3, 5)
    } else {
      EXPECT_EQ(f.anchor_mol, 2);
      EXPECT_EQ(f.atoms, (std::vector<int>{4, 3}));  // Li, H
    }
  }
}

TEST(FragmentAssembler, AnchorOwnerEvaluatesClosestImages) {
  const FragmentModel w = h2o();
  FragmentAssembler fa({&w});
  const int O = 0, H = 1;
  // molecule 1 across the boundary of a 10 A box: owned O (ID 1) at x=9.9, owned H (ID 2)
  // wrapped to x=0.8, ghost copy of the H at x=10.8, ghost copy of H (ID 3) owned elsewhere
  MockRank r;
  r.add(1, 1, O, {9.9, 0, 0});
  r.add(2, 1, H, {0.8, 0, 0});
  r.add(2, 1, H, {10.8, 0, 0});
  r.add(3, 1, H, {9.7, 0.9, 0});
  r.nlocal = 2;
  MoleculeTable t;
  t.count = {0, 3};
  t.anchor = {MoleculeTable::kNoAnchor, 1};
  fa.set_molecule_table(t);
  fa.assemble(r.view(), r);
  ASSERT_EQ(fa.n_fragments(), 1);
  EXPECT_EQ(fa.fragments()[0].atoms, (std::vector<int>{0, 2, 3}));  // H image at 10.8

  // a rank owning only the H: not the anchor owner, no fragment
  MockRank s;
  s.add(2, 1, H, {0.8, 0, 0});
  s.add(1, 1, O, {-0.1, 0, 0});
  s.nlocal = 1;
  fa.assemble(s.view(), s);
  EXPECT_EQ(fa.n_fragments(), 0);
}

TEST(FragmentAssembler, MissingMemberNamesMoleculeAndCutoff) {
  const FragmentModel w = h2o();
  FragmentAssembler fa({&w});
  MockRank r;
  r.add(4, 9, 0, {0, 0, 0});
  r.add(5, 9, 1, {0.96, 0, 0});
  r.nlocal = 2;
  MoleculeTable t;
  t.count.assign(10, 0);
  t.anchor.assign(10, MoleculeTable::kNoAnchor);
  t.count[9] = 3;
  t.anchor[9] = 4;
  fa.set_molecule_table(t);
  try {
    fa.assemble(r.view(), r);
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("molecule 9: only 2 of its 3 atoms"), std::string::npos) << m;
    EXPECT_NE(m.find("cutoff"), std::string::npos) << m;
  }
}

TEST(FragmentAssembler, CompositionAndMoleculeIdErrors) {
  const FragmentModel w = h2o();
  FragmentAssembler fa({&w});
  MockRank r;
  r.add(1, 1, 0, {0, 0, 0});
  r.add(2, 1, 1, {0.96, 0, 0});
  r.nlocal = 2;
  fa.set_molecule_table(table_of(r));
  try {
    fa.assemble(r.view(), r);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("molecule 1 contains OH (atom IDs 1 2), which matches no loaded model"),
              std::string::npos)
        << e.what();
  }
  r.mol[1] = 0;
  EXPECT_THROW(FragmentAssembler::local_max_molecule(r.view()), Error);
  // atoms of NULL types (species -1) are ignored, also with molecule ID 0
  r.species[1] = -1;
  EXPECT_EQ(FragmentAssembler::local_max_molecule(r.view()), 1);
}

TEST(FragmentAssembler, TwoBodyModel) {
  BuilderOptions o = default_builder_options("sivqlm_ab2_dimer");
  o.depth = 1;
  const FragmentModel d = build_model("sivqlm_ab2_dimer", o), w = h2o(), w2 = h2o();
  EXPECT_THROW(FragmentAssembler({&w, &w2}), Error);  // same composition twice
  FragmentAssembler fa({&d});
  MockRank r;
  // molecule 2 has the lower anchor (ID 1): it becomes the first half
  r.add(4, 1, 0, {3, 0, 0});
  r.add(6, 1, 1, {3.9, 0, 0});
  r.add(5, 1, 1, {2.8, 0.9, 0});
  r.add(1, 2, 0, {0, 0, 0});
  r.add(3, 2, 1, {0.9, 0, 0});
  r.add(2, 2, 1, {-0.2, 0.9, 0});
  r.nlocal = 6;
  fa.set_molecule_table(table_of(r));
  EXPECT_TRUE(fa.two_body_mode());
  fa.assemble(r.view(), r);
  ASSERT_EQ(fa.n_fragments(), 1);
  EXPECT_EQ(fa.fragments()[0].atoms, (std::vector<int>{3, 5, 4, 0, 2, 1}));
  // three molecules: refused
  r.add(7, 3, 0, {6, 0, 0});
  r.add(8, 3, 1, {6.9, 0, 0});
  r.add(9, 3, 1, {5.8, 0.9, 0});
  r.nlocal = 9;
  try {
    fa.set_molecule_table(table_of(r));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("exactly two OH2 molecules, but this system has 3"), std::string::npos)
        << e.what();
  }
}

}  // namespace
