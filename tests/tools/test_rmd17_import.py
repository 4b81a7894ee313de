#!/usr/bin/python3
"""ctest: tools/rmd17_import.py on small rMD17-layout .npz files made here.

    /usr/bin/python3 tests/tools/test_rmd17_import.py [--qmlff build/qmlff]

Checks units (kcal/mol -> eV, kcal/mol/A -> eV/A), atom order and species from the nuclear
charges, positions, info keys, selection by rMD17 split files, every bad-input case
(exact message, exit status 2, no output and no temporary file left), refusal to replace a
file without --force, and that a failure while writing leaves nothing. The output is read
back with ase.io.read and, with --qmlff, with qmlff's C++ reader (`qmlff eval` of an
untrained invariant_nn model of the same composition: its CSV holds the reference labels as
the C++ reader parsed them). Exit 77 (ctest: skipped) if numpy or ASE is missing.
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest

try:
    import numpy as np
    import ase.io
    from ase.units import kcal, mol
except ImportError as e:  # pragma: no cover
    print("SKIP: %s needs numpy and ASE (%s); on Debian install python3-numpy and python3-ase "
          "and run it with /usr/bin/python3" % (os.path.basename(__file__), e))
    sys.exit(77)

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TOOL = os.path.join(REPO, "tools", "rmd17_import.py")
QMLFF = None                      # set by --qmlff

# An ethanol-like molecule with its atoms deliberately not sorted by element (H first, an H
# between the heavy atoms): the converter must keep the .npz order.
CHARGES = np.array([1, 6, 8, 1, 6, 1, 1, 1, 1])
SYMBOLS = ["H", "C", "O", "H", "C", "H", "H", "H", "H"]
N_FRAMES = 6
KCAL_MOL_EV = 0.0433641       # 1 kcal/mol in eV (4184 J / (e N_A)), independent of ASE


def make_data(seed=20):
    rng = np.random.default_rng(seed)
    coords = rng.uniform(-2.0, 2.0, size=(N_FRAMES, len(CHARGES), 3))
    energies = -97000.0 + rng.uniform(-5.0, 5.0, size=N_FRAMES)        # kcal/mol, ethanol scale
    forces = rng.uniform(-80.0, 80.0, size=(N_FRAMES, len(CHARGES), 3))  # kcal/mol/A
    old = np.array([1000 * i + 17 for i in range(N_FRAMES)])
    return {"nuclear_charges": CHARGES.copy(), "coords": coords, "energies": energies, "forces": forces,
            "old_indices": old, "old_energies": energies + 3.0}


def run_tool(cwd, *args):
    p = subprocess.run([sys.executable, TOOL] + list(args), cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


class Rmd17Import(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="rmd17_import_test.")
        self.dir = self._tmp.name
        self.data = make_data()
        np.savez(os.path.join(self.dir, "rmd17_test.npz"), **self.data)

    def tearDown(self):
        self._tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def write_indices(self, name, lines):
        with open(self.path(name), "w") as f:
            f.write("".join("%s\n" % x for x in lines))

    def convert_ok(self, *args):
        rc, out, err = run_tool(self.dir, *args)
        self.assertEqual(rc, 0, "converter failed: " + err)
        self.assertEqual(err, "")
        return out

    def assert_frames(self, frames, selection):
        d = self.data
        self.assertEqual(len(frames), len(selection))
        for at, i in zip(frames, selection):
            self.assertEqual(at.get_chemical_symbols(), SYMBOLS)
            self.assertEqual(at.info["rmd17_index"], i)
            self.assertEqual(at.info["md17_index"], 1000 * i + 17)
            self.assertEqual(at.info["config_type"], "rmd17_test")
            self.assertNotIn("old_energies", at.info)
            np.testing.assert_allclose(at.get_positions(), d["coords"][i], rtol=0, atol=1e-8)
            # energies are written with 17 digits: exact up to the last bit or two
            e = at.get_potential_energy()
            self.assertAlmostEqual(e, d["energies"][i] * kcal / mol, delta=1e-11 * abs(e))
            self.assertAlmostEqual(e / d["energies"][i], KCAL_MOL_EV, delta=2e-7)
            # forces are written with 8 decimals (|F| <= 80 kcal/mol/A = 3.5 eV/A)
            f = at.get_forces()
            np.testing.assert_allclose(f, d["forces"][i] * kcal / mol, rtol=0, atol=1e-8)
            np.testing.assert_allclose(f / d["forces"][i], KCAL_MOL_EV, rtol=2e-6)
            self.assertFalse(at.pbc.any())

    def test_all_frames_units_order_species(self):
        out = self.convert_ok("rmd17_test.npz", "-o", "all.extxyz")
        self.assertIn("wrote all.extxyz: 6 of 6 frames, C2H6O (9 atoms, order H C O H C H H H H)", out)
        frames = ase.io.read(self.path("all.extxyz"), ":", format="extxyz")
        self.assert_frames(frames, list(range(N_FRAMES)))
        with open(self.path("all.extxyz")) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "9")
        self.assertTrue(lines[1].startswith("Properties=species:S:1:pos:R:3:forces:R:3 config_type=rmd17_test "
                                            "rmd17_index=0 md17_index=17 energy=-"), lines[1])
        self.assertEqual([ln.split()[0] for ln in lines[2:11]], SYMBOLS)
        self.assertEqual(len(lines), N_FRAMES * 11)
        self.assert_cpp_reader("all.extxyz", frames)

    def test_index_files_select_frames_in_file_order(self):
        self.write_indices("index_train_01.csv", [4, 0, 2])
        # a split written by numpy.savetxt with its default float format, blank line at the end
        self.write_indices("index_test_01.csv", ["%.18e" % 5.0, "%.18e" % 1.0, ""])
        out = self.convert_ok("rmd17_test.npz", "-o", "train.extxyz", "--indices", "index_train_01.csv")
        self.assertIn("3 of 6 frames (indices from index_train_01.csv)", out)
        self.convert_ok("rmd17_test.npz", "-o", "test.extxyz", "--indices", "index_test_01.csv")
        train = ase.io.read(self.path("train.extxyz"), ":", format="extxyz")
        test = ase.io.read(self.path("test.extxyz"), ":", format="extxyz")
        self.assert_frames(train, [4, 0, 2])
        self.assert_frames(test, [5, 1])

    def test_without_old_indices_and_config_type(self):
        d = {k: v for k, v in self.data.items() if not k.startswith("old_")}
        d["energies"] = d["energies"].reshape(-1, 1)       # (n, 1) energies are accepted too
        np.savez(self.path("plain.npz"), **d)
        self.convert_ok("plain.npz", "-o", "plain.extxyz", "--config-type", "ethanol_rmd17")
        frames = ase.io.read(self.path("plain.extxyz"), ":", format="extxyz")
        self.assertEqual(len(frames), N_FRAMES)
        self.assertNotIn("md17_index", frames[0].info)
        self.assertEqual(frames[3].info["config_type"], "ethanol_rmd17")
        self.assertEqual(frames[3].info["rmd17_index"], 3)

    def test_overwrite_needs_force(self):
        with open(self.path("out.extxyz"), "w") as f:
            f.write("keep me\n")
        rc, out, err = run_tool(self.dir, "rmd17_test.npz", "-o", "out.extxyz")
        self.assertEqual(rc, 2)
        self.assertEqual(err, "rmd17_import: error: out.extxyz: file exists; refusing to overwrite it "
                              "(use --force to replace it)\n")
        with open(self.path("out.extxyz")) as f:
            self.assertEqual(f.read(), "keep me\n")
        self.convert_ok("rmd17_test.npz", "-o", "out.extxyz", "--force")
        self.assertEqual(len(ase.io.read(self.path("out.extxyz"), ":")), N_FRAMES)

    def test_failure_while_writing_leaves_nothing(self):
        spec = importlib.util.spec_from_file_location("rmd17_import", TOOL)
        tool = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tool)
        real_write = ase.io.write

        def write_then_fail(fh, frames, **kw):
            real_write(fh, frames[:2], **kw)      # a partial file on disk, then an error
            raise OSError("disk full (simulated)")
        ase.io.write = write_then_fail
        try:
            with self.assertRaisesRegex(OSError, "simulated"):
                tool.convert(self.path("rmd17_test.npz"), self.path("partial.extxyz"))
        finally:
            ase.io.write = real_write
        self.assertEqual(sorted(os.listdir(self.dir)), ["rmd17_test.npz"])

    def bad(self, arrays, expected, extra=(), npz="bad.npz"):
        """Writes arrays to npz (unless None), runs the converter, expects exit 2, exactly
        this message, and no file other than the inputs left in the folder."""
        if arrays is not None:
            np.savez(self.path(npz), **arrays)
        before = set(os.listdir(self.dir))
        rc, out, err = run_tool(self.dir, npz, "-o", "out.extxyz", *extra)
        self.assertEqual((rc, out), (2, ""), err)
        self.assertEqual(err, "rmd17_import: error: " + expected + "\n")
        self.assertEqual(set(os.listdir(self.dir)), before)

    def modified(self, **changes):
        d = {k: v.copy() for k, v in self.data.items()}
        for k, v in changes.items():
            if v is None:
                del d[k]
            else:
                d[k] = v
        return d

    def test_missing_keys(self):
        self.bad(self.modified(forces=None),
                 "bad.npz: missing key 'forces' (an rMD17 file has nuclear_charges, coords, energies, forces; "
                 "this one has nuclear_charges, coords, energies, old_indices, old_energies)")
        self.bad(self.modified(energies=None, nuclear_charges=None),
                 "bad.npz: missing keys 'nuclear_charges', 'energies' (an rMD17 file has nuclear_charges, "
                 "coords, energies, forces; this one has coords, forces, old_indices, old_energies)")

    def test_shape_mismatches(self):
        d = self.data
        self.bad(self.modified(nuclear_charges=CHARGES.reshape(3, 3)),
                 "bad.npz: key 'nuclear_charges' has shape (3, 3); expected (n_atoms,) with n_atoms >= 1")
        self.bad(self.modified(coords=d["coords"][:, :8]),
                 "bad.npz: key 'coords' has shape (6, 8, 3); expected (n_frames, 9, 3) with n_frames >= 1 "
                 "(9 atoms from 'nuclear_charges')")
        self.bad(self.modified(coords=d["coords"][:, :, :2]),
                 "bad.npz: key 'coords' has shape (6, 9, 2); expected (n_frames, 9, 3) with n_frames >= 1 "
                 "(9 atoms from 'nuclear_charges')")
        self.bad(self.modified(energies=d["energies"][:5]),
                 "bad.npz: key 'energies' has shape (5,); expected (6,), one energy per frame of 'coords'")
        self.bad(self.modified(forces=d["forces"][:, :, :2]),
                 "bad.npz: key 'forces' has shape (6, 9, 2); expected (6, 9, 3) like 'coords'")
        self.bad(self.modified(forces=d["forces"][1:]),
                 "bad.npz: key 'forces' has shape (5, 9, 3); expected (6, 9, 3) like 'coords'")
        self.bad(self.modified(old_indices=d["old_indices"][:4]),
                 "bad.npz: key 'old_indices' has shape (4,); expected (6,), one index per frame of 'coords'")

    def test_non_finite_values(self):
        c = self.data["coords"].copy()
        c[2, 1, 0] = np.nan
        self.bad(self.modified(coords=c),
                 "bad.npz: key 'coords' at [2, 1, 0] (frame 2, atom 1, x): non-finite value nan "
                 "(1 non-finite value in 'coords')")
        e = self.data["energies"].copy()
        e[3] = np.inf
        e[5] = -np.inf
        self.bad(self.modified(energies=e),
                 "bad.npz: key 'energies' at [3] (frame 3): non-finite value inf (2 non-finite values in 'energies')")
        f = self.data["forces"].copy()
        f[4, 8, 2] = np.nan
        self.bad(self.modified(forces=f),
                 "bad.npz: key 'forces' at [4, 8, 2] (frame 4, atom 8, z): non-finite value nan "
                 "(1 non-finite value in 'forces')")
        z = CHARGES.astype(float)
        z[5] = np.nan
        self.bad(self.modified(nuclear_charges=z), "bad.npz: key 'nuclear_charges' at [5]: non-finite value nan")

    def test_unknown_nuclear_charges(self):
        for value, shown in ((0, "0"), (119, "119"), (-6, "-6")):
            z = CHARGES.copy()
            z[4] = value
            self.bad(self.modified(nuclear_charges=z),
                     "bad.npz: key 'nuclear_charges' at [4]: unknown nuclear charge %s "
                     "(expected an atomic number 1..118)" % shown)
        z = CHARGES.astype(float)
        z[7] = 6.5
        self.bad(self.modified(nuclear_charges=z),
                 "bad.npz: key 'nuclear_charges' at [7]: unknown nuclear charge 6.5 "
                 "(expected an atomic number 1..118)")
        self.bad(self.modified(nuclear_charges=np.array(["C"] * 9)),
                 "bad.npz: key 'nuclear_charges' has dtype <U1; expected numbers")

    def test_bad_index_files(self):
        cases = [
            ([0, 3, 6], "index_train_01.csv:3: index 6 out of range: rmd17_test.npz has 6 frames (valid indices 0..5)"),
            ([-1], "index_train_01.csv:1: index -1 out of range: rmd17_test.npz has 6 frames (valid indices 0..5)"),
            ([1, 2, 1], "index_train_01.csv:3: index 1 is listed twice (first at line 1)"),
            ([0, "x7"], "index_train_01.csv:2: expected one 0-based frame index (an integer) per line, got 'x7'"),
            ([0, 2.5], "index_train_01.csv:2: expected one 0-based frame index (an integer) per line, got '2.5'"),
            ([""], "index_train_01.csv: no indices in the file (expected one 0-based frame index per line)"),
        ]
        for lines, expected in cases:
            with self.subTest(lines=lines):
                self.write_indices("index_train_01.csv", lines)
                self.bad(None, expected, ("--indices", "index_train_01.csv"), npz="rmd17_test.npz")
        self.bad(None, "missing.csv: no such index file", ("--indices", "missing.csv"), npz="rmd17_test.npz")

    def test_not_an_npz(self):
        with open(self.path("text.npz"), "w") as f:
            f.write("not a zip archive\n")
        self.bad(None, "text.npz: is not a zip file, not an .npz archive with the keys nuclear_charges, coords, "
                       "energies, forces", npz="text.npz")
        np.save(self.path("single.npy"), self.data["coords"])
        os.rename(self.path("single.npy"), self.path("single.npz"))
        self.bad(None, "single.npz: is a single .npy array, not an .npz archive with the keys nuclear_charges, "
                       "coords, energies, forces", npz="single.npz")
        d = self.modified(nuclear_charges=np.array([6, None], dtype=object))
        self.bad(d, "bad.npz: key 'nuclear_charges' cannot be read as a numeric array (Object arrays cannot be "
                    "loaded when allow_pickle=False)")
        self.bad(None, "nothere.npz: no such file", npz="nothere.npz")
        rc, out, err = run_tool(self.dir, "rmd17_test.npz", "-o", "no_such_dir/out.extxyz")
        self.assertEqual(rc, 2)
        self.assertEqual(err, "rmd17_import: error: no_such_dir/out.extxyz: the output folder %s does not "
                              "exist; create it first\n" % self.path("no_such_dir"))

    def assert_cpp_reader(self, name, frames):
        """qmlff's extxyz reader (through `qmlff eval` of an untrained model of the same
        composition) gives the same labels and atom order as ase.io.read."""
        if not QMLFF:
            print("note: no --qmlff given; the C++ readback check is skipped", file=sys.stderr)
            return
        model = self.path("model.json")
        subprocess.run([QMLFF, "build", "invariant_nn", "--species"] + SYMBOLS + ["-o", model, "--force"],
                       check=True, capture_output=True, text=True)
        # (the test's frames are random, not molecules: atoms may lie beyond the model's
        # fragment cutoff, which eval refuses unless told; only the reading is checked here)
        p = subprocess.run([QMLFF, "eval", model, self.path(name), "--csv", self.path("eval.csv"), "--quiet",
                            "--allow-beyond-cutoff"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(self.path("eval.csv")) as f:
            rows = [ln.split(",") for ln in f.read().splitlines()]
        self.assertEqual(rows[0], ["quantity", "frame", "line", "atom", "species", "component", "ref", "pred"])
        e_rows = [r for r in rows[1:] if r[0] == "energy"]
        f_rows = [r for r in rows[1:] if r[0] == "force"]
        self.assertEqual(len(e_rows), len(frames))
        self.assertEqual(len(f_rows), len(frames) * len(SYMBOLS) * 3)
        for k, at in enumerate(frames):
            # frame number, line of its atom-count line; both readers parse the same text
            self.assertEqual((int(e_rows[k][1]), int(e_rows[k][2])), (k + 1, 1 + 11 * k))
            self.assertEqual(float(e_rows[k][6]), at.get_potential_energy())
        fr = iter(f_rows)
        for k, at in enumerate(frames):
            for a, (s, fa) in enumerate(zip(at.get_chemical_symbols(), at.get_forces())):
                for c in range(3):
                    r = next(fr)
                    self.assertEqual((int(r[1]), int(r[3]), r[4], r[5]), (k + 1, a + 1, s, "xyz"[c]))
                    self.assertEqual(float(r[6]), fa[c])


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--qmlff", help="qmlff binary: also read the output with qmlff's C++ reader")
    args, rest = ap.parse_known_args()
    QMLFF = args.qmlff
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
