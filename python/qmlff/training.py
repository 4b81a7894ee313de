"""qmlff.train: `qmlff train` from Python (docs/training.md for the configuration)."""
import json
import os

from . import _core


def train(config, out_dir=None, overrides=(), threads=2, resume=False, force=False, base_dir=None, quiet=False):
    """Train a potential as `qmlff train CONFIG [--set k=v]... -o OUT_DIR` does.

    config: a config file (relative data paths are relative to its folder) or a dict
    (relative paths are relative to base_dir, default the current directory).
    overrides: "key=value" strings, like --set. out_dir: default train-<config name>
    ("train-run" for a dict). Writes the same files as the command (potential.json,
    metrics.json, learning curve, parity data, checkpoint) and refuses to overwrite them
    unless force=True; resume=True continues from the checkpoint. Ctrl-C stops after the
    current step with a checkpoint and raises KeyboardInterrupt. quiet=True drops the log.

    Returns {"out_dir", "potential" (qmlff.Potential of out_dir/potential.json; None for
    cross-validation runs), "metrics" (metrics.json as a dict), "steps"}.
    """
    if isinstance(config, dict):
        text, path = json.dumps(config), ""
        out_dir = out_dir or "train-run"
        base = os.fspath(base_dir) if base_dir is not None else ""
    else:
        text, path = "", os.fspath(config)
        out_dir = out_dir or "train-" + os.path.splitext(os.path.basename(path))[0]
        base = os.fspath(base_dir) if base_dir is not None else os.path.dirname(path)
    metrics, steps = _core.train(text, path, [str(o) for o in overrides], os.fspath(out_dir), base, int(threads),
                                 bool(resume), bool(force), bool(quiet))
    return {"out_dir": os.fspath(out_dir), "potential": _trained_potential(os.path.join(out_dir, "potential.json")),
            "metrics": json.loads(metrics), "steps": steps}


def _trained_potential(path):
    """The trained file as a Potential; None without one (cross-validation)."""
    return _core.Potential(path) if os.path.exists(path) else None
