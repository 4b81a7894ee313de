"""`cmake --install` puts the package into the prefix's Python path, and it imports and
works from there (not from the build tree)."""
import os
import subprocess
import sys
import tempfile
import unittest

from qmlff_test_env import H2O


class InstallTest(unittest.TestCase):
    def test_install_and_import(self):
        with tempfile.TemporaryDirectory() as prefix:
            subprocess.run([os.environ["CMAKE_COMMAND"], "--install", os.environ["QMLFF_BINARY_DIR"], "--prefix", prefix],
                           check=True, capture_output=True)
            site = os.path.join(prefix, os.environ["QMLFF_PYTHON_INSTALL_DIR"])
            env = dict(os.environ, PYTHONPATH=site)
            code = ("import qmlff, qmlff.ase, numpy as np; print(qmlff.__file__); "
                    f"e, f, w = qmlff.Potential({H2O!r}).energy_forces(np.eye(3), ['O', 'H', 'H']); print(e)")
            run = subprocess.run([sys.executable, "-c", code], env=env, cwd=prefix, capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            path, energy = run.stdout.split()
            self.assertTrue(path.startswith(site), path)
            self.assertLess(float(energy), -2000.0)


if __name__ == "__main__":
    unittest.main()
