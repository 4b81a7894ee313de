"""Runs the worked example of docs/python.md as written (from a folder that has the
repository's potentials/) and checks its output against the output shown there."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

from qmlff_test_env import SRC


def doc_blocks():
    with open(os.path.join(SRC, "docs", "python.md")) as fh:
        text = fh.read()
    section = text.split("## Worked example", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shown = re.search(r"Output.*?```\n(.*?)```", section, re.S).group(1)
    return code, shown


class DocsExampleTest(unittest.TestCase):
    def test_worked_example_runs_as_written(self):
        code, shown = doc_blocks()
        with tempfile.TemporaryDirectory() as tmp:
            os.symlink(os.path.join(SRC, "potentials"), os.path.join(tmp, "potentials"))
            with open(os.path.join(tmp, "example.py"), "w") as fh:
                fh.write(code)
            run = subprocess.run([sys.executable, "example.py"], cwd=tmp, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertTrue(os.path.getsize(os.path.join(tmp, "h2o_nve.png")) > 10000)
        print("\n" + run.stdout[-400:])
        lines = [l for l in run.stdout.splitlines() if not l.startswith("BFGS") and "Step" not in l]
        self.assertEqual(lines[0], shown.splitlines()[0])  # the relaxed geometry, as printed
        self.assertEqual(lines[2], shown.splitlines()[2])
        dev = float(re.search(r"max\|E - E0\| = (\S+) eV", lines[1]).group(1))
        self.assertLess(dev, 1e-3)


if __name__ == "__main__":
    unittest.main()
