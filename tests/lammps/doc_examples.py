#!/usr/bin/python3
"""Runs the pair_style qml examples of a documentation page as written (issue 23).

Usage: doc_examples.py LMP_QML SOURCE_DIR PAGE.md

Every fenced code block of PAGE.md is split at blank lines; each part with a `pair_style`
line is an example, except syntax templates (with `[`, `...` or `FILE`) and examples for a
LAMMPS with the PLUGIN package (`plugin load`: Debian's LAMMPS has none; the current_*
tests load the plugin into a current LAMMPS). An example is run from SOURCE_DIR (so
`potentials/h2o.json` resolves) after `units metal`, its own `atom_style` (default full)
and a data file from tests/lammps/inputs chosen by the species of its pair_coeff line
(an example's own `read_data X` reads tests/lammps/inputs/X), then `run 0`; it must end
with exit code 0 and LAMMPS's "Loop time of".
"""
import os
import re
import subprocess
import sys

# species given to the atom types -> a data file with those types
DATA_BY_SPECIES = {
    "O H": "w8.data",
    "O H Li": "mixed.data",
    "O H NULL": "w8ar2.data",  # waters and two argon atoms (type 3)
}
# the same for examples with `atom_style atomic` (atom-centred potentials: no molecule IDs)
ATOMIC_DATA_BY_SPECIES = {"O H": "water.data"}


def examples(page):
    text = open(page).read()
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        for part in re.split(r"\n\s*\n", block):
            lines = [l.strip() for l in part.strip().splitlines()]
            if not any(l.startswith("pair_style") for l in lines):
                continue
            if any("[" in l or "..." in l or " FILE" in l for l in lines):
                continue  # a syntax template, not an example
            if any(l.startswith("plugin load") for l in lines):
                continue  # needs the PLUGIN package (tested by current_* in a current LAMMPS)
            yield lines


def species_of(lines):
    for l in lines:
        m = re.match(r"pair_coeff\s+\*\s+\*\s+(?:qml\s+(?:\d+\s+)?)?(.*)", l)
        if m:
            words = [w for w in m.group(1).split("#")[0].split() if not w.endswith(".json")]
            return " ".join(words)
    return None


def main():
    lmp, src, page = sys.argv[1:4]
    inputs = os.path.join(src, "tests", "lammps", "inputs")
    failed = 0
    n = 0
    for lines in examples(page):
        n += 1
        script = [l for l in lines if not l.startswith(("units", "atom_style", "read_data"))]
        own = [l.split()[1] for l in lines if l.startswith("read_data")]
        atomic = any(l.split("#")[0].split() == ["atom_style", "atomic"] for l in lines)
        table = ATOMIC_DATA_BY_SPECIES if atomic else DATA_BY_SPECIES
        data = own[0] if own else table.get(species_of(lines) or "")
        if data is None:
            print(f"example {n}: no test data for species '{species_of(lines)}'; add it to DATA_BY_SPECIES:\n"
                  + "\n".join(lines))
            failed += 1
            continue
        style = [l.split("#")[0].strip() for l in lines if l.startswith("atom_style")] or ["atom_style full"]
        full = ["units metal", style[0], "read_data " + os.path.join(inputs, os.path.basename(data))]
        full += script + ["run 0"]
        r = subprocess.run([lmp, "-log", "none"], input="\n".join(full) + "\n", cwd=src,
                           capture_output=True, text=True)
        out = r.stdout + r.stderr
        ok = r.returncode == 0 and "Loop time of" in out
        print(f"--- example {n} of {os.path.basename(page)}: {'ok' if ok else 'FAILED'}")
        print("\n".join(lines))
        if not ok:
            failed += 1
            print("exit code", r.returncode, "\n" + "\n".join(l for l in out.splitlines() if "ERROR" in l or "rror" in l))
    print(f"{n} examples, {failed} failed")
    sys.exit(1 if failed or n == 0 else 0)


if __name__ == "__main__":
    main()
