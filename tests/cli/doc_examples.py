#!/usr/bin/python3
"""Runs the `$ qmlff ...` examples of docs/cli.md as written and compares their output with
the documented lines (issue 23: every example in the docs must run as written).

Usage: doc_examples.py QMLFF SOURCE_DIR

The examples run in a fresh folder holding copies of the repository files they name, the
`build` examples first (they write the files the others read). Each must exit with 0; each
documented output line (lines with "..." are abridged and skipped) must equal the line
printed at the same place, with numbers in scientific notation masked (they are finite-
difference deviations and checksums' neighbours that vary in the last digits between builds).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SCI = re.compile(r"[-+]?\d+(\.\d+)?e[-+]\d+")


def examples(page):
    text = open(page).read()
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        cmd, out = None, []
        for line in block.splitlines():
            if line.startswith("$ qmlff "):
                if cmd:
                    yield cmd, out
                cmd, out = line[2:], []
            elif cmd is not None:
                out.append(line)
        if cmd:
            yield cmd, out


def main():
    qmlff, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    page = os.path.join(src, "docs", "cli.md")
    found = list(examples(page))
    found.sort(key=lambda e: 0 if e[0].split()[1] == "build" else 1)  # stable: doc order otherwise
    work = tempfile.mkdtemp(prefix="qmlff_doc_")
    failed = 0
    for cmd, documented in found:
        args = cmd.split()[1:]
        outputs = {args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--output")}
        for a in args:  # copy the repository files the example reads (not those it writes)
            if a not in outputs and os.path.isfile(os.path.join(src, a)) and not os.path.exists(os.path.join(work, a)):
                os.makedirs(os.path.join(work, os.path.dirname(a)) or work, exist_ok=True)
                shutil.copy(os.path.join(src, a), os.path.join(work, a))
        r = subprocess.run([qmlff] + args, cwd=work, capture_output=True, text=True)
        got = (r.stdout + r.stderr).splitlines()
        problems = [] if r.returncode == 0 else [f"exit code {r.returncode}"]
        for i, want in enumerate(documented):
            if "..." in want:
                continue
            have = got[i] if i < len(got) else "(no line)"
            if SCI.sub("<num>", want).rstrip() != SCI.sub("<num>", have).rstrip():
                problems.append(f"line {i + 1}:\n    documented: {want}\n    printed:    {have}")
        print(f"--- $ {cmd}: {'ok' if not problems else 'FAILED'}")
        for p in problems:
            print("  " + p)
        if problems:
            failed += 1
            print("  full output:\n" + "\n".join("    " + l for l in got))
    shutil.rmtree(work)
    print(f"{len(found)} examples, {failed} failed")
    sys.exit(1 if failed or not found else 0)


if __name__ == "__main__":
    main()
