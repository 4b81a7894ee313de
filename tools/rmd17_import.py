#!/usr/bin/python3
"""Convert an rMD17 .npz file to qmlff's extended XYZ (eV, Angstrom, eV/Angstrom).

    /usr/bin/python3 tools/rmd17_import.py NPZ -o OUT.extxyz [--indices index_train_01.csv] [--force]

rMD17 (Christensen and von Lilienfeld, figshare "Revised MD17 dataset (rMD17)") stores one
molecule per file with the keys
    nuclear_charges  (n_atoms,)            atomic numbers, the atom order of every frame
    coords           (n_frames, n_atoms, 3) Angstrom
    energies         (n_frames,)            kcal/mol (total energies)
    forces           (n_frames, n_atoms, 3) kcal/mol/Angstrom
    old_indices      (n_frames,)            optional: the frame's index in the original MD17
    old_energies, old_forces                optional: the original MD17 labels (another level
                                            of theory; not written)
Energies and forces are converted with ase.units (kcal/mol = ase.units.kcal / ase.units.mol
eV); the atom order and the species (chemical symbols of the nuclear charges) are kept.
Every frame gets the info keys config_type (the .npz file's stem), rmd17_index (its
0-based index in the .npz arrays) and, if the file has old_indices, md17_index.

--indices FILE selects frames by the 0-based indices in one of rMD17's split files
(splits/index_train_0N.csv, splits/index_test_0N.csv: one integer per line), in the
file's order; without it every frame is written in .npz order.

Bad input (missing keys, shape mismatches, non-finite values, nuclear charges that are not
atomic numbers, indices out of range or listed twice) stops the converter with a message
naming the key (or index file and line) and the index, exit status 2; the output is
written to a temporary file in the same folder and renamed only when complete, so nothing
partial is ever left. An existing output file is replaced only with --force.
Needs numpy and ASE (Debian: /usr/bin/python3 with python3-numpy, python3-ase).
"""
import argparse
import os
import sys
import tempfile

PROG = "rmd17_import"
REQUIRED = ("nuclear_charges", "coords", "energies", "forces")
AXES = "xyz"


class BadInput(Exception):
    """Input the converter refuses; the message says what and where."""


def load_npz(path):
    import numpy as np
    import zipfile
    if not os.path.isfile(path):
        raise BadInput("%s: no such file" % path)
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            single = fh.read(6) == b"\x93NUMPY"
        raise BadInput("%s: %s, not an .npz archive with the keys %s"
                       % (path, "is a single .npy array" if single else "is not a zip file", ", ".join(REQUIRED)))
    try:
        npz = np.load(path, allow_pickle=False)
    except (OSError, ValueError, zipfile.BadZipFile) as e:
        raise BadInput("%s: cannot read it as a numpy .npz archive (%s)" % (path, e))
    missing = [k for k in REQUIRED if k not in npz.files]
    if missing:
        raise BadInput("%s: missing key%s %s (an rMD17 file has %s; this one has %s)"
                       % (path, "s" if len(missing) > 1 else "", ", ".join("'%s'" % k for k in missing),
                          ", ".join(REQUIRED), ", ".join(npz.files) or "no keys"))
    out = {}
    for k in REQUIRED + ("old_indices",):
        if k not in npz.files:
            continue
        try:
            a = npz[k]
        except ValueError as e:           # object arrays need pickle, which is refused
            raise BadInput("%s: key '%s' cannot be read as a numeric array (%s)" % (path, k, e))
        if a.dtype.kind not in "iuf":
            raise BadInput("%s: key '%s' has dtype %s; expected numbers" % (path, k, a.dtype))
        out[k] = a
    return out


def shape_str(shape):
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def first_nonfinite(path, key, a):
    import numpy as np
    bad = np.argwhere(~np.isfinite(a))
    if len(bad) == 0:
        return
    idx = tuple(int(i) for i in bad[0])
    where = "frame %d" % idx[0]
    if len(idx) == 3:
        where += ", atom %d, %s" % (idx[1], AXES[idx[2]])
    raise BadInput("%s: key '%s' at [%s] (%s): non-finite value %s (%d non-finite value%s in '%s')"
                   % (path, key, ", ".join(str(i) for i in idx), where, a[idx], len(bad),
                      "s" if len(bad) > 1 else "", key))


def validate(path, d):
    """Checks shapes, values and charges; returns (symbols, n_frames, energies (n,))."""
    import numpy as np
    from ase.data import chemical_symbols
    z = d["nuclear_charges"]
    if z.ndim != 1 or z.shape[0] == 0:
        raise BadInput("%s: key 'nuclear_charges' has shape %s; expected (n_atoms,) with n_atoms >= 1"
                       % (path, shape_str(z.shape)))
    symbols = []
    for i, v in enumerate(z.tolist()):
        if not np.isfinite(v):
            raise BadInput("%s: key 'nuclear_charges' at [%d]: non-finite value %s" % (path, i, v))
        if v != int(v) or not 1 <= int(v) < len(chemical_symbols):
            raise BadInput("%s: key 'nuclear_charges' at [%d]: unknown nuclear charge %s "
                           "(expected an atomic number 1..%d)" % (path, i, v, len(chemical_symbols) - 1))
        symbols.append(chemical_symbols[int(v)])
    nat = len(symbols)
    c = d["coords"]
    if c.ndim != 3 or c.shape[1:] != (nat, 3) or c.shape[0] == 0:
        raise BadInput("%s: key 'coords' has shape %s; expected (n_frames, %d, 3) with n_frames >= 1 "
                       "(%d atoms from 'nuclear_charges')" % (path, shape_str(c.shape), nat, nat))
    n = c.shape[0]
    e = d["energies"]
    if e.shape not in ((n,), (n, 1)):
        raise BadInput("%s: key 'energies' has shape %s; expected (%d,), one energy per frame of 'coords'"
                       % (path, shape_str(e.shape), n))
    f = d["forces"]
    if f.shape != (n, nat, 3):
        raise BadInput("%s: key 'forces' has shape %s; expected %s like 'coords'"
                       % (path, shape_str(f.shape), shape_str((n, nat, 3))))
    e = e.reshape(n)
    for key, a in (("coords", c), ("energies", e), ("forces", f)):
        first_nonfinite(path, key, a)
    if "old_indices" in d:
        o = d["old_indices"]
        if o.shape not in ((n,), (n, 1)):
            raise BadInput("%s: key 'old_indices' has shape %s; expected (%d,), one index per frame of 'coords'"
                           % (path, shape_str(o.shape), n))
        o = o.reshape(n)
        first_nonfinite(path, "old_indices", o)
        frac = np.nonzero(o != np.round(o))[0]
        if len(frac):
            raise BadInput("%s: key 'old_indices' at [%d]: %s is not an integer index"
                           % (path, frac[0], o[frac[0]]))
        d["old_indices"] = o.astype(np.int64)
    return symbols, n, e


def parse_index(s):
    """An integer, also written as a float (numpy.savetxt's default: 1.230000000000000000e+02)."""
    import math
    try:
        return int(s)
    except ValueError:
        pass
    try:
        x = float(s)
    except ValueError:
        return None
    return int(x) if math.isfinite(x) and x == int(x) else None


def read_indices(path, n_frames, npz_path):
    """0-based frame indices from an rMD17 split file (one integer per line)."""
    if not os.path.isfile(path):
        raise BadInput("%s: no such index file" % path)
    out, seen = [], {}
    with open(path) as fh:
        for lineno, line in enumerate(fh, 1):
            s = line.strip()
            if not s:
                continue
            v = parse_index(s)
            if v is None:
                raise BadInput("%s:%d: expected one 0-based frame index (an integer) per line, got '%s'"
                               % (path, lineno, s[:40]))
            if not 0 <= v < n_frames:
                raise BadInput("%s:%d: index %d out of range: %s has %d frames (valid indices 0..%d)"
                               % (path, lineno, v, npz_path, n_frames, n_frames - 1))
            if v in seen:
                raise BadInput("%s:%d: index %d is listed twice (first at line %d)" % (path, lineno, v, seen[v]))
            seen[v] = lineno
            out.append(v)
    if not out:
        raise BadInput("%s: no indices in the file (expected one 0-based frame index per line)" % path)
    return out


def build_frames(d, symbols, energies, selection, config_type):
    import numpy as np
    from ase import Atoms
    from ase.calculators.singlepoint import SinglePointCalculator
    from ase.units import kcal, mol
    kcal_mol = kcal / mol                      # eV
    frames = []
    for i in selection:
        at = Atoms(symbols=symbols, positions=np.asarray(d["coords"][i], dtype=float), pbc=False)
        at.info["config_type"] = config_type
        at.info["rmd17_index"] = int(i)
        if "old_indices" in d:
            at.info["md17_index"] = int(d["old_indices"][i])
        at.calc = SinglePointCalculator(at, energy=float(energies[i]) * kcal_mol,
                                        forces=np.asarray(d["forces"][i], dtype=float) * kcal_mol)
        frames.append(at)
    return frames


def write_atomic(frames, out):
    """ase.io.write to a temporary file next to OUT, renamed onto OUT when complete."""
    import ase.io
    folder = os.path.dirname(os.path.abspath(out))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(out) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w") as fh:
            ase.io.write(fh, frames, format="extxyz")
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def convert(npz_path, out, indices=None, force=False, config_type=None):
    """Validates everything, then writes OUT; returns the frames written."""
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise BadInput("%s: the output folder %s does not exist; create it first" % (out, folder))
    if os.path.exists(out) and not force:
        raise BadInput("%s: file exists; refusing to overwrite it (use --force to replace it)" % out)
    if os.path.exists(out) and os.path.samefile(out, npz_path):
        raise BadInput("%s: the output is the input file" % out)
    d = load_npz(npz_path)
    symbols, n, energies = validate(npz_path, d)
    selection = read_indices(indices, n, npz_path) if indices else list(range(n))
    if config_type is None:
        config_type = os.path.splitext(os.path.basename(npz_path))[0]
    frames = build_frames(d, symbols, energies, selection, config_type)
    write_atomic(frames, out)
    return frames, symbols, n


def main(argv=None):
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("npz", help="an rMD17 file, e.g. rmd17/npz_data/rmd17_ethanol.npz")
    ap.add_argument("-o", "--output", required=True, help="extended XYZ file to write")
    ap.add_argument("--indices", help="rMD17 split file (splits/index_train_0N.csv or index_test_0N.csv): "
                                      "write only these frames, in the file's order")
    ap.add_argument("--config-type", help="value of the config_type info key (default: the .npz file's stem)")
    ap.add_argument("--force", action="store_true", help="replace an existing output file")
    a = ap.parse_args(argv)
    try:
        import numpy  # noqa: F401
        import ase  # noqa: F401
    except ImportError as e:
        print("%s: error: %s; this converter needs numpy and ASE (Debian: /usr/bin/python3 with "
              "python3-numpy and python3-ase)" % (PROG, e), file=sys.stderr)
        return 2
    try:
        frames, symbols, n = convert(a.npz, a.output, a.indices, a.force, a.config_type)
    except BadInput as e:
        print("%s: error: %s" % (PROG, e), file=sys.stderr)
        return 2
    import numpy as np
    E = np.array([f.get_potential_energy() for f in frames])
    F = np.concatenate([f.get_forces() for f in frames])
    formula = frames[0].get_chemical_formula(mode="hill")
    print("%s: wrote %s: %d of %d frames%s, %s (%d atoms, order %s); energy %.6f to %.6f eV, "
          "max |F| component %.4f eV/A"
          % (PROG, a.output, len(frames), n, " (indices from %s)" % a.indices if a.indices else "",
             formula, len(symbols), " ".join(symbols), E.min(), E.max(), np.abs(F).max()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
