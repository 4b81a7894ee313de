#!/usr/bin/python3
"""Generate the qmlff reference ab initio datasets with psi4 (issue 6).

Usage:
    /usr/bin/python3 tools/datagen/datagen.py SET [--n N] [--workers 2] [--seed S]
                                              [--out examples/data/SET.extxyz]
SET is one of: lih, h2o, nh3, dimer, dimer_close (close-contact dimers, O-O 2.2-2.6 A),
ethanol, malonaldehyde, methanol (PBE/def2-SVP, the rMD17 level of theory) and trimer
(water trimers with their dimers and monomers, B3LYP/6-31G*: three-body energies).

Pipeline per dataset:
  1. sampling (numpy default_rng with a fixed seed); the sampled geometries are
     stored once in cache/<set>_geoms.json so a restart reuses exactly the same
     geometries (for h2o/nh3/dimer the optimised minimum + normal modes are
     stored in cache/<mol>_modes.json),
  2. psi4 runs in a multiprocessing pool (default 2 single-thread workers, each
     with its own scratch dir and psi4 output file under cache/),
  3. each finished geometry is appended to cache/<set>.jsonl (atomic units);
     finished indices are skipped on restart,
  4. when all geometries are done, the extended XYZ file is written in eV / eV/A
     (ase.units Hartree and Bohr; forces = -gradient).

psi4 is only imported inside the worker processes (spawned, not forked), after
sys.path.append('/usr/lib/x86_64-linux-gnu') (Debian's psi4 1.3.2 location).
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import time

# one BLAS/OpenMP thread per process (set before numpy/psi4 are imported; the
# spawned workers inherit the environment): 2 single-thread workers beat one
# 2-thread process for these small molecules
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from molecules import ORGANICS, PBE_SVP_OPTIONS, bond_graph, same_topology  # noqa: E402
import trimer_sampling  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.abspath(os.environ.get("QMLFF_DATAGEN_CACHE", os.path.join(HERE, "cache")))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
# Minima, normal modes and sampled geometries of the sets added in session 9 are
# committed (a fresh clone must resume them without recomputing the modes, whose last
# digits could differ on another machine and so change every sampled geometry).
SAMPLES = os.path.join(HERE, "samples")
COMMITTED_SAMPLES = ("ethanol", "malonaldehyde", "methanol", "trimer")

# psi4 1.3.2 constants (CODATA 2014), used only to convert psi4's internal Bohr
# geometries back to Angstrom when *sampling*. All energy/force unit conversion
# for the datasets uses ase.units (Hartree, Bohr) as the issue asks.
PSI4_BOHR2ANG = 0.52917721067
KB_HARTREE = 3.1668115634556e-06   # Boltzmann constant in Hartree/K (CODATA 2014)
AMU = {"H": 1.00782503223, "O": 15.99491461957, "N": 14.00307400443, "Li": 7.0160034366,
       "C": 12.0}

# sampling parameters carried from a sampled geometry to its result and the extxyz header
SAMPLE_INFO_KEYS = ("bond_length", "temperature", "d_OO", "temperature_mono1", "temperature_mono2",
                    "temperature_mono3", "d_OO_12", "d_OO_13", "d_OO_23", "hbonds", "third_random")

# ---------------------------------------------------------------- levels of theory
LIH_OPTIONS = {
    "basis": "sto-3g", "scf_type": "pk", "e_convergence": 1e-10, "d_convergence": 1e-10,
    "freeze_core": False, "fail_on_maxiter": False, "maxiter": 200,
    "findif__points": 5,
}
B3LYP_OPTIONS = {
    "basis": "6-31g*", "scf_type": "df", "dft_radial_points": 99,
    "dft_spherical_points": 590, "e_convergence": 1e-8, "d_convergence": 1e-8,
}

WATER = {"symbols": ["O", "H", "H"],
         "pos": [[0.0, 0.0, 0.1173], [0.0, 0.7572, -0.4692], [0.0, -0.7572, -0.4692]]}
AMMONIA = {"symbols": ["N", "H", "H", "H"],
           "pos": [[0.0, 0.0, 0.1162], [0.0, 0.9397, -0.2711],
                   [0.8138, -0.4699, -0.2711], [-0.8138, -0.4699, -0.2711]]}


def log(msg, fh=None):
    line = time.strftime("%Y-%m-%dT%H:%M:%SZ ", time.gmtime()) + msg
    print(line, flush=True)
    if fh is not None:
        fh.write(line + "\n")
        fh.flush()


# ---------------------------------------------------------------- psi4 worker side
_PSI4 = None


def _worker_init(tag):
    """Pool initializer: own scratch dir + output file, 1 thread, 2 GB."""
    global _PSI4
    wdir = os.path.join(CACHE, "scratch", "%s_%d" % (tag, os.getpid()))
    os.makedirs(wdir, exist_ok=True)
    os.environ["PSI_SCRATCH"] = wdir
    os.chdir(wdir)   # psi4 writes psi.<pid>.clean and timer.dat into the cwd
    sys.path.append("/usr/lib/x86_64-linux-gnu")
    import psi4  # noqa: E402  (optional tool dependency)
    psi4.core.IOManager.shared_object().set_default_path(wdir)
    psi4.set_output_file(os.path.join(CACHE, "logs", "psi4_%s_%d.out" % (tag, os.getpid())), True)
    psi4.set_num_threads(1)
    psi4.set_memory("2 GB")
    _PSI4 = psi4


def _psi4_mol(symbols, pos_ang, charge=0, mult=1):
    lines = ["%d %d" % (charge, mult)]
    for s, p in zip(symbols, pos_ang):
        lines.append("%s %.12f %.12f %.12f" % (s, p[0], p[1], p[2]))
    lines += ["units angstrom", "symmetry c1", "no_com", "no_reorient"]
    return _PSI4.geometry("\n".join(lines))


def psi4_energy_gradient(method, options, symbols, pos_ang, want_grad=True, dertype=None):
    """Energy (Hartree) and gradient (Hartree/Bohr) in the input frame."""
    psi4 = _PSI4
    psi4.core.clean()
    psi4.core.clean_options()
    psi4.set_options(options)
    mol = _psi4_mol(symbols, pos_ang)
    if method == "fci" or not want_grad:
        # separate energy run at the undisplaced geometry: CURRENT ENERGY is the
        # FCI (post-HF) total energy, not the SCF energy of the wavefunction
        psi4.energy(method, molecule=mol)
        out = {"energy": float(psi4.variable("CURRENT ENERGY"))}
        if method == "fci":
            out["scf_energy"] = float(psi4.variable("SCF TOTAL ENERGY"))
        if want_grad:
            psi4.core.clean()
            g = psi4.gradient(method, molecule=mol, dertype=dertype if dertype is not None else 0)
            out["gradient"] = np.asarray(g).tolist()
    else:
        # analytic DFT gradient; its SCF is the same B3LYP calculation, so
        # CURRENT ENERGY afterwards is the B3LYP total energy of this geometry
        g = psi4.gradient(method, molecule=mol)
        out = {"energy": float(psi4.variable("CURRENT ENERGY")), "gradient": np.asarray(g).tolist()}
    psi4.core.clean()
    return out


def task_point(args):
    """One dataset geometry. args = (set, idx, payload)."""
    kind, idx, payload = args
    t0 = time.time()
    if kind == "lih":
        r = psi4_energy_gradient("fci", LIH_OPTIONS, payload["symbols"], payload["pos"], dertype=0)
        if abs(r["energy"] - r["scf_energy"]) < 1e-6:
            raise RuntimeError("LiH point %d: FCI energy equals SCF energy" % idx)
    elif kind in ("h2o", "nh3"):
        r = psi4_energy_gradient("b3lyp", B3LYP_OPTIONS, payload["symbols"], payload["pos"])
    elif kind in ORGANICS:
        r = psi4_energy_gradient("pbe", PBE_SVP_OPTIONS, payload["symbols"], payload["pos"])
    elif kind == "trimer":
        r = trimer_point(payload["symbols"], np.asarray(payload["pos"]))
    elif kind in DIMER_SAMPLING:
        sy, pos = payload["symbols"], np.asarray(payload["pos"])
        r = psi4_energy_gradient("b3lyp", B3LYP_OPTIONS, sy, pos)
        m1 = psi4_energy_gradient("b3lyp", B3LYP_OPTIONS, sy[:3], pos[:3])
        m2 = psi4_energy_gradient("b3lyp", B3LYP_OPTIONS, sy[3:], pos[3:])
        r["energy_mono1"], r["gradient_mono1"] = m1["energy"], m1["gradient"]
        r["energy_mono2"], r["gradient_mono2"] = m2["energy"], m2["gradient"]
    else:
        raise ValueError(kind)
    r["idx"] = idx
    r["symbols"] = payload["symbols"]
    r["pos"] = np.asarray(payload["pos"]).tolist()
    for k in SAMPLE_INFO_KEYS:
        if k in payload:
            r[k] = payload[k]
    r["seconds"] = time.time() - t0
    return r


# the three monomers (O H H each) and three dimers of a trimer, as atom index lists
TRIMER_MONOMERS = ((0, 1, 2), (3, 4, 5), (6, 7, 8))
TRIMER_DIMERS = {"12": (0, 1), "13": (0, 2), "23": (1, 2)}


def trimer_point(symbols, pos):
    """Trimer, its three dimers and three monomers at the trimer geometry (7 gradients;
    each fragment in its own basis, no counterpoise). Gradients of fragments are stored
    as full 9-atom arrays (zero rows for the atoms a fragment lacks)."""
    def full(idx, grad):
        g = np.zeros((9, 3))
        g[list(idx)] = np.asarray(grad)
        return g.tolist()
    r = psi4_energy_gradient("b3lyp", B3LYP_OPTIONS, symbols, pos)
    for m, idx in enumerate(TRIMER_MONOMERS, 1):
        x = psi4_energy_gradient("b3lyp", B3LYP_OPTIONS, [symbols[i] for i in idx], pos[list(idx)])
        r["energy_mono%d" % m], r["gradient_mono%d" % m] = x["energy"], full(idx, x["gradient"])
    for tag, (a, b) in TRIMER_DIMERS.items():
        idx = TRIMER_MONOMERS[a] + TRIMER_MONOMERS[b]
        x = psi4_energy_gradient("b3lyp", B3LYP_OPTIONS, [symbols[i] for i in idx], pos[list(idx)])
        r["energy_dimer" + tag], r["gradient_dimer" + tag] = x["energy"], full(idx, x["gradient"])
    return r


def level_of(name):
    """(psi4 method, options) of a molecule's normal modes."""
    return ("pbe", PBE_SVP_OPTIONS) if name in ORGANICS else ("b3lyp", B3LYP_OPTIONS)


def task_optimize(args):
    """Optimise the minimum (frame kept fixed: c1, no_com, no_reorient); returns the
    centred minimum geometry (Angstrom) and its energy."""
    name, symbols, pos0 = args
    method, options = level_of(name)
    psi4 = _PSI4
    t0 = time.time()
    psi4.core.clean()
    psi4.core.clean_options()
    psi4.set_options(dict(options, g_convergence="gau_verytight"))
    mol = _psi4_mol(symbols, pos0)
    e_min = psi4.optimize(method, molecule=mol)
    xyz = np.asarray(mol.geometry()) * PSI4_BOHR2ANG   # Angstrom
    xyz -= xyz.mean(axis=0)
    psi4.core.clean()
    return {"pos": xyz.tolist(), "energy": float(e_min), "seconds": time.time() - t0}


def task_gradient(args):
    """One analytic gradient (Hartree/Bohr) at the level of theory of a molecule."""
    name, symbols, pos = args
    method, options = level_of(name)
    return np.asarray(psi4_energy_gradient(method, options, symbols, np.asarray(pos))["gradient"]).ravel()


def make_pool(n, tag):
    ctx = mp.get_context("spawn")
    return ctx.Pool(n, initializer=_worker_init, initargs=(tag,))


# ---------------------------------------------------------------- sampling (no psi4)
def random_rotation(rng):
    """Uniform rotation on SO(3) from a normalised Gaussian quaternion."""
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    a, b, c, d = q
    return np.array([
        [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
        [2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b)],
        [2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d]])


def normal_modes(modes):
    """Vibrational normal modes from the stored Cartesian Hessian.
    Returns (unit Cartesian displacement vectors q_i, force constants K_i in
    Hartree/Bohr^2 (= reduced mass * omega^2), wavenumbers in cm^-1)."""
    symbols = modes["symbols"]
    n = len(symbols)
    H = np.asarray(modes["hessian"])
    m = np.repeat([AMU[s] for s in symbols], 3)
    Hmw = H / np.sqrt(np.outer(m, m))
    w, L = np.linalg.eigh(Hmw)
    nvib = 3 * n - 6
    order = np.argsort(w)[-nvib:]            # drop the 6 near-zero trans/rot modes
    w, L = w[order], L[:, order]
    X = L / np.sqrt(m)[:, None]              # Cartesian displacements
    q = X / np.linalg.norm(X, axis=0)
    K = np.einsum("ki,kl,li->i", q, H, q)
    # wavenumber: omega^2 in Hartree/(Bohr^2 amu)
    hartree_j, bohr_m, amu_kg, c_cm = 4.3597447222071e-18, 0.529177210903e-10, 1.66053906660e-27, 2.99792458e10
    omega = np.sqrt(np.abs(w) * hartree_j / (bohr_m ** 2 * amu_kg))
    wn = omega / (2 * math.pi * c_cm)
    return q.T.reshape(nvib, n, 3), K, wn


def nms_sample(rng, eq_pos, q, K, T, n_atoms):
    """ANI-1 normal-mode sampling (Smith, Isayev, Roitberg, Chem. Sci. 2017):
    c_i uniform with sum c_i in [0,1]; R_i = +-sqrt(3 c_i N_a k_B T / K_i);
    mode potential energy 0.5 K_i R_i^2 = 1.5 c_i N_a k_B T."""
    nf = len(K)
    c = rng.uniform(0.0, 1.0, nf)
    c = c / c.sum() * rng.uniform(0.0, 1.0)
    sign = rng.choice([-1.0, 1.0], nf)
    R_bohr = sign * np.sqrt(3.0 * c * n_atoms * KB_HARTREE * T / K)
    disp = np.einsum("i,iaj->aj", R_bohr * PSI4_BOHR2ANG, q)
    return np.asarray(eq_pos) + disp


def min_dist(pos):
    d = np.linalg.norm(pos[:, None, :] - pos[None, :, :], axis=-1)
    return d[np.triu_indices(len(pos), 1)].min()


def sample_lih(n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for i, r in enumerate(np.linspace(0.9, 4.5, n)):
        mol = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, r]])
        mol -= np.array([AMU["Li"], AMU["H"]]) @ mol / (AMU["Li"] + AMU["H"])
        pos = mol @ random_rotation(rng).T + rng.uniform(-3.0, 3.0, 3)
        out.append({"symbols": ["Li", "H"], "pos": pos.tolist(), "bond_length": float(r)})
    return out


def sample_nms_molecule(modes, n, seed, t_range=(300.0, 600.0), keep_topology=False):
    """Normal-mode sampling; keep_topology rejects geometries whose covalent bond graph
    differs from the minimum's (a broken bond or a new close contact)."""
    rng = np.random.default_rng(seed)
    q, K, _ = normal_modes(modes)
    eq = np.asarray(modes["pos"])
    symbols = list(modes["symbols"])
    bonds = bond_graph(symbols, eq)
    out, rejected = [], 0
    while len(out) < n:
        T = rng.uniform(*t_range)
        pos = nms_sample(rng, eq, q, K, T, len(eq))
        if min_dist(pos) < 0.7 or (keep_topology and not same_topology(symbols, pos, bonds)):
            rejected += 1
            continue
        pos = (pos - pos.mean(axis=0)) @ random_rotation(rng).T + rng.uniform(-3.0, 3.0, 3)
        out.append({"symbols": list(modes["symbols"]), "pos": pos.tolist(), "temperature": float(T)})
    return out, rejected


# O-O range and smallest allowed intermolecular distances (A) of the two dimer sets:
# "dimer" (issue 6: 2.6-6 A, no close contacts) and "dimer_close", the short-range
# repulsive wall the liquid samples in collisions (2.2-2.6 A) that the first set lacks.
DIMER_SAMPLING = {"dimer": {"d": (2.6, 6.0), "min_OO": 2.4, "min_XH": 1.5},
                  "dimer_close": {"d": (2.2, 2.6), "min_OO": 2.1, "min_XH": 1.1}}


def sample_dimer(modes, n, seed, kind="dimer"):
    spec = DIMER_SAMPLING[kind]
    rng = np.random.default_rng(seed)
    q, K, _ = normal_modes(modes)
    eq = np.asarray(modes["pos"])
    out, rejected = [], 0

    def monomer():
        while True:
            T = rng.uniform(300.0, 600.0)
            p = nms_sample(rng, eq, q, K, T, 3)
            if min_dist(p) >= 0.7:
                return (p - p[0]) @ random_rotation(rng).T, T   # O at the origin

    while len(out) < n:
        m1, T1 = monomer()
        m2, T2 = monomer()
        d = rng.uniform(*spec["d"])
        u = rng.normal(size=3)
        u /= np.linalg.norm(u)
        m2 = m2 + d * u
        dd = np.linalg.norm(m1[:, None, :] - m2[None, :, :], axis=-1)
        lim = np.full((3, 3), spec["min_XH"])
        lim[0, 0] = spec["min_OO"]
        if (dd < lim).any():
            rejected += 1
            continue
        pos = np.vstack([m1, m2])
        pos = (pos - pos.mean(axis=0)) @ random_rotation(rng).T + rng.uniform(-3.0, 3.0, 3)
        out.append({"symbols": ["O", "H", "H", "O", "H", "H"], "pos": pos.tolist(),
                    "d_OO": float(d), "temperature_mono1": float(T1), "temperature_mono2": float(T2)})
    return out, rejected


def sample_trimer(modes, n, seed):
    rng = np.random.default_rng(seed)
    q, K, _ = normal_modes(modes)
    eq = np.asarray(modes["pos"])

    def monomer():
        while True:
            T = rng.uniform(300.0, 500.0)
            p = nms_sample(rng, eq, q, K, T, 3)
            if min_dist(p) >= 0.7:
                return p - p[0], T          # O at the origin
    return trimer_sampling.sample_trimers(rng, n, monomer, random_rotation)


# ---------------------------------------------------------------- driver
SEEDS = {"lih": 6001, "h2o": 6002, "nh3": 6003, "dimer": 6004, "dimer_close": 6005,
         "ethanol": 6011, "malonaldehyde": 6012, "methanol": 6013, "trimer": 6020}
DEFAULT_N = {"lih": 134, "h2o": 1000, "nh3": 500, "dimer": 800, "dimer_close": 100,
             "ethanol": 1200, "malonaldehyde": 600, "methanol": 200, "trimer": 500}
OUT_NAMES = {"dimer": "water_dimer", "dimer_close": "water_dimer_close", "trimer": "water_trimer"}


def hessian_at_minimum(pool, name, symbols, pos0, step_bohr, logfh=None):
    """Minimum, then the Cartesian Hessian by central finite differences of analytic
    gradients (displacements spread over the pool's workers). Resumable: the minimum and
    every finished gradient are saved as they come (samples_dir(name)/<name>_minimum.json
    and <name>_hessian.jsonl), so a stopped run loses at most the gradients in flight."""
    t0 = time.time()
    d = samples_dir(name)
    os.makedirs(d, exist_ok=True)
    min_path = os.path.join(d, "%s_minimum.json" % name)
    if os.path.exists(min_path):
        opt = json.load(open(min_path))
    else:
        opt = pool.map(task_optimize, [(name, symbols, pos0)])[0]
        with open(min_path + ".tmp", "w") as f:
            json.dump(opt, f)
        os.replace(min_path + ".tmp", min_path)
        log("%s: minimum E=%.10f Ha (%.0f s)" % (name, opt["energy"], opt["seconds"]), logfh)
    xyz = np.asarray(opt["pos"])
    n = len(symbols)
    h_ang = step_bohr * PSI4_BOHR2ANG
    jobs = [(name, symbols, xyz.tolist())]
    for k in range(3 * n):
        for sgn in (+1, -1):
            x = xyz.copy().ravel()
            x[k] += sgn * h_ang
            jobs.append((name, symbols, x.reshape(n, 3).tolist()))
    grads_path = os.path.join(d, "%s_hessian.jsonl" % name)
    grads = {}
    for r in load_done(grads_path).values():
        if np.abs(np.asarray(r["pos"]) - np.asarray(jobs[r["idx"]][2])).max() < 1e-9:
            grads[r["idx"]] = np.asarray(r["gradient"])
    todo = [i for i in range(len(jobs)) if i not in grads]
    log("%s: Hessian: %d of %d gradients cached, %d to compute" % (name, len(grads), len(jobs), len(todo)), logfh)
    with open(grads_path, "a") as fj:
        for i, g in zip(todo, pool.imap(task_gradient, [jobs[i] for i in todo], chunksize=1)):
            grads[i] = g
            fj.write(json.dumps({"idx": i, "pos": jobs[i][2], "gradient": g.tolist()}) + "\n")
            fj.flush()
    g0 = grads[0]
    hess = np.array([(grads[1 + 2 * k] - grads[2 + 2 * k]) / (2 * step_bohr) for k in range(3 * n)])
    hess = 0.5 * (hess + hess.T)                        # Hartree / Bohr^2
    return {"name": name, "symbols": list(symbols), "pos": xyz.tolist(), "energy": opt["energy"],
            "grad_at_min_max": float(np.abs(g0).max()), "hessian": hess.tolist(),
            "seconds": time.time() - t0}


def samples_dir(kind):
    """Where a set's modes and sampled geometries live (committed for the newer sets)."""
    return SAMPLES if kind in COMMITTED_SAMPLES else CACHE


def get_modes(name, workers, logfh):
    path = os.path.join(samples_dir(name), "%s_modes.json" % name)
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    ref = {"h2o": WATER, "nh3": AMMONIA}.get(name) or ORGANICS[name]
    log("optimising %s minimum + finite-difference Hessian" % name, logfh)
    with make_pool(workers, name + "_opt") as pool:
        modes = hessian_at_minimum(pool, name, ref["symbols"], ref["pos"], 0.005, logfh)
    _, K, wn = normal_modes(modes)
    modes["wavenumbers_cm-1"] = wn.tolist()
    modes["force_constants_hartree_bohr2"] = K.tolist()
    log("%s minimum E=%.10f Ha, max|g|=%.2e, wavenumbers %s cm-1 (%.0f s)"
        % (name, modes["energy"], modes["grad_at_min_max"], np.round(wn, 1).tolist(), modes["seconds"]), logfh)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(modes, f)
    os.replace(path + ".tmp", path)
    return modes


def get_geoms(kind, n, seed, workers, logfh):
    path = os.path.join(samples_dir(kind), "%s_geoms.json" % kind)
    if os.path.exists(path):
        with open(path) as f:
            d = json.load(f)
        if d["seed"] == seed and (d["n"] == n or (kind != "lih" and d["n"] > n)):
            # the samplers draw geometries sequentially from one rng stream, so the
            # first n of a larger sample are exactly the sample of size n
            return d["geoms"][:n]
        log("geometry cache %s has n=%d seed=%d; resampling" % (path, d["n"], d["seed"]), logfh)
    rej = 0
    if kind == "lih":
        geoms = sample_lih(n, seed)
    elif kind in ("h2o", "nh3"):
        geoms, rej = sample_nms_molecule(get_modes(kind, workers, logfh), n, seed)
    elif kind in ORGANICS:
        geoms, rej = sample_nms_molecule(get_modes(kind, workers, logfh), n, seed,
                                         t_range=(300.0, 500.0), keep_topology=True)
    elif kind == "trimer":
        geoms, rej = sample_trimer(get_modes("h2o", workers, logfh), n, seed)
    else:
        geoms, rej = sample_dimer(get_modes("h2o", workers, logfh), n, seed, kind)
    log("%s: sampled %d geometries (seed %d, %d rejected)" % (kind, n, seed, rej), logfh)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump({"n": n, "seed": seed, "rejected": rej, "geoms": geoms}, f)
    os.replace(path + ".tmp", path)
    return geoms


def load_done(jsonl):
    done = {}
    if os.path.exists(jsonl):
        with open(jsonl) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError:
                    continue          # truncated last line after a kill
                done[r["idx"]] = r
    return done


def write_extxyz(kind, results, out, meta):
    from ase import Atoms
    from ase.calculators.singlepoint import SinglePointCalculator
    from ase.units import Hartree, Bohr
    import ase.io
    frames = []
    for r in results:
        at = Atoms(symbols=r["symbols"], positions=r["pos"], pbc=False)
        e = r["energy"] * Hartree
        f = -np.asarray(r["gradient"]) * Hartree / Bohr
        at.info["config_type"] = kind
        at.info["index"] = r["idx"]
        for k in SAMPLE_INFO_KEYS:
            if k in r:
                at.info[k] = r[k] if isinstance(r[k], int) else round(float(r[k]), 6)  # counts stay integers
        if kind in DIMER_SAMPLING:
            e1, e2 = r["energy_mono1"] * Hartree, r["energy_mono2"] * Hartree
            fm = -np.vstack([r["gradient_mono1"], r["gradient_mono2"]]) * Hartree / Bohr
            at.info["energy_mono1"] = e1
            at.info["energy_mono2"] = e2
            at.info["interaction_energy"] = e - e1 - e2
            at.new_array("forces_mono", fm)
            at.new_array("interaction_forces", f - fm)
        if kind == "trimer":
            add_three_body(at, r, e, f)
        at.new_array("forces", f)   # fixes the column position (forces right after pos)
        at.calc = SinglePointCalculator(at, energy=e, forces=f)
        frames.append(at)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cols = ["symbols", "positions", "forces"]
    if kind in DIMER_SAMPLING:
        cols += ["forces_mono", "interaction_forces"]
    if kind == "trimer":
        cols += TRIMER_COLUMNS
    # explicit column order: species pos forces [forces_mono interaction_forces]
    import warnings
    with warnings.catch_warnings():   # "overwriting array forces" with identical calc results
        warnings.simplefilter("ignore", UserWarning)
        ase.io.write(out, frames, format="extxyz", columns=cols)
    return frames


TRIMER_COLUMNS = ["forces_mono", "forces_dimer12", "forces_dimer13", "forces_dimer23",
                  "three_body_forces"]


def add_three_body(at, r, e, f):
    """Trimer info keys and columns (eV, eV/A): fragment energies, the three-body energy
    E3 = E_abc - sum E_ab + sum E_a and its forces, each fragment's forces as a 9-row
    array (zero rows for the atoms it lacks; forces_mono holds all three monomers)."""
    from ase.units import Hartree, Bohr
    fu = Hartree / Bohr
    em = [r["energy_mono%d" % m] * Hartree for m in (1, 2, 3)]
    ed = {t: r["energy_dimer" + t] * Hartree for t in TRIMER_DIMERS}
    fm = -sum(np.asarray(r["gradient_mono%d" % m]) for m in (1, 2, 3)) * fu
    fd = {t: -np.asarray(r["gradient_dimer" + t]) * fu for t in TRIMER_DIMERS}
    for m in (1, 2, 3):
        at.info["energy_mono%d" % m] = em[m - 1]
    for t in TRIMER_DIMERS:
        at.info["energy_dimer" + t] = ed[t]
    at.info["three_body_energy"] = e - sum(ed.values()) + sum(em)
    at.info["two_body_energy"] = sum(ed.values()) - 2.0 * sum(em)
    at.new_array("forces_mono", fm)
    for t in TRIMER_DIMERS:
        at.new_array("forces_dimer" + t, fd[t])
    at.new_array("three_body_forces", f - sum(fd.values()) + fm)


def recover_from_extxyz(kind, out, geoms, done):
    """Results already written to the output file but absent from the cache (e.g. a
    fresh clone: the cache is not committed) are read back instead of recomputed.
    A frame is reused only if its stored index and geometry match the current sample
    (positions are written with 8 decimals, so the tolerance is 1e-6 A)."""
    if not os.path.exists(out):
        return []
    import ase.io
    from ase.units import Hartree, Bohr
    back = []
    for at in ase.io.read(out, index=":", format="extxyz"):
        i = int(at.info.get("index", -1))
        if i in done or not (0 <= i < len(geoms)):
            continue
        g = geoms[i]
        if list(at.get_chemical_symbols()) != g["symbols"] or \
                np.abs(at.get_positions() - np.asarray(g["pos"])).max() > 1e-6:
            continue
        r = {"idx": i, "symbols": g["symbols"], "pos": np.asarray(g["pos"]).tolist(),
             "energy": at.get_potential_energy() / Hartree,
             "gradient": (-at.get_forces() / (Hartree / Bohr)).tolist(),
             "seconds": float("nan"), "recovered_from": os.path.basename(out)}
        for k in SAMPLE_INFO_KEYS:
            if k in g:
                r[k] = g[k]
        if kind in DIMER_SAMPLING:
            fm = at.arrays["forces_mono"]
            r["energy_mono1"] = at.info["energy_mono1"] / Hartree
            r["energy_mono2"] = at.info["energy_mono2"] / Hartree
            r["gradient_mono1"] = (-fm[:3] / (Hartree / Bohr)).tolist()
            r["gradient_mono2"] = (-fm[3:] / (Hartree / Bohr)).tolist()
        if kind == "trimer":
            fu = Hartree / Bohr
            fm = at.arrays["forces_mono"]
            for m, idx in enumerate(TRIMER_MONOMERS, 1):
                g = np.zeros((9, 3))
                g[list(idx)] = -fm[list(idx)] / fu
                r["energy_mono%d" % m] = at.info["energy_mono%d" % m] / Hartree
                r["gradient_mono%d" % m] = g.tolist()
            for t in TRIMER_DIMERS:
                r["energy_dimer" + t] = at.info["energy_dimer" + t] / Hartree
                r["gradient_dimer" + t] = (-at.arrays["forces_dimer" + t] / fu).tolist()
        back.append(r)
    return back


def frames_text_by_index(path):
    """{frame index: the frame's lines} of an extended XYZ file written by this script."""
    import re
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        lines = f.read().splitlines()
    frames, i = {}, 0
    while i < len(lines):
        n = int(lines[i].split()[0])
        m = re.search(r"(?:^| )index=(\d+)", lines[i + 1])
        if m:
            frames[int(m.group(1))] = lines[i:i + 2 + n]
        i += 2 + n
    return frames


def keep_published_prefix(out, old_text):
    """The previously written file stays a byte-identical prefix: its frames in its order
    (a run stopped by a deadline can leave an index gap that a later run fills), then the
    new frames in index order, so `data.max_frames = N` keeps selecting the same frames.
    Old text also wins for frames recovered from it: they were read back from 8-decimal
    text, and re-deriving e.g. the interaction forces (F - F_mono) can change a digit."""
    new = frames_text_by_index(out)
    prefix = [i for i in old_text if i in new]
    taken = set(prefix)
    rest = [i for i in sorted(new) if i not in taken]
    if not prefix or prefix + rest == sorted(new) and all(old_text[i] == new[i] for i in prefix):
        return                                   # nothing to reorder or restore
    with open(out + ".tmp", "w") as f:
        for i in prefix:
            f.write("\n".join(old_text[i]) + "\n")
        for i in rest:
            f.write("\n".join(new[i]) + "\n")
    os.replace(out + ".tmp", out)


def publish(kind, done, n, out, logfh):
    """Write every finished frame (index order, the previous file kept as a prefix)."""
    results = [done[i] for i in sorted(done) if i < n]
    secs = np.array([r["seconds"] for r in results if r["seconds"] == r["seconds"]] or [float("nan")])
    old_text = frames_text_by_index(out)     # before the file is overwritten
    write_extxyz(kind, results, out + ".writing", {})
    os.replace(out + ".writing", out)
    keep_published_prefix(out, old_text)
    log("%s: wrote %s (%d of %d sampled frames); per-point worker time mean %.2f s, median %.2f s"
        % (kind, out, len(results), n, secs.mean(), np.median(secs)), logfh)


def run(kind, n, seed, workers, out, deadline=None, modes_only=False, write_every=0):
    os.makedirs(os.path.join(CACHE, "logs"), exist_ok=True)
    logfh = open(os.path.join(CACHE, "logs", "%s.log" % kind), "a")
    if modes_only:
        get_modes("h2o" if kind in DIMER_SAMPLING or kind == "trimer" else kind, workers, logfh)
        return
    geoms = get_geoms(kind, n, seed, workers, logfh)
    jsonl = os.path.join(CACHE, "%s.jsonl" % kind)
    done = load_done(jsonl)
    # keep only cached results whose geometry matches the current sample
    stale = [i for i, r in done.items()
             if i >= n or r["symbols"] != geoms[i]["symbols"]
             or np.abs(np.asarray(r["pos"]) - np.asarray(geoms[i]["pos"])).max() > 1e-9]
    for i in stale:
        del done[i]
    if stale:
        log("%s: ignoring %d cached results outside the current sample" % (kind, len(stale)), logfh)
    recovered = recover_from_extxyz(kind, out, geoms, done)
    if recovered:
        with open(jsonl, "a") as fj:
            for r in recovered:
                fj.write(json.dumps(r) + "\n")
                done[r["idx"]] = r
        log("%s: recovered %d results from %s (cache was missing them)" % (kind, len(recovered), out), logfh)
    todo = [(kind, i, g) for i, g in enumerate(geoms) if i not in done]
    log("%s: %d/%d cached, %d to compute with %d workers" % (kind, len(done), n, len(todo), workers), logfh)
    t0 = time.time()
    if todo:
        with open(jsonl, "a") as fj, make_pool(workers, kind) as pool:
            for k, r in enumerate(pool.imap_unordered(task_point, todo, chunksize=1), 1):
                fj.write(json.dumps(r) + "\n")
                fj.flush()
                done[r["idx"]] = r
                el = time.time() - t0
                if k == 1 or k % 10 == 0 or k == len(todo):
                    eta = el / k * (len(todo) - k)
                    log("%s: %d/%d done (%d this run), %.2f s/pt wall, %.2f s/pt cpu-worker, ETA %.0f s"
                        % (kind, len(done), n, k, el / k, r["seconds"], eta), logfh)
                if write_every and k % write_every == 0 and k < len(todo):
                    publish(kind, done, n, out, logfh)
                if deadline is not None and time.time() > deadline:
                    log("%s: deadline reached with %d/%d points; stopping and writing the "
                        "completed subset" % (kind, len(done), n), logfh)
                    pool.terminate()
                    break
    publish(kind, done, n, out, logfh)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set", choices=sorted(SEEDS))
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=None)
    ap.add_argument("--deadline", default=None,
                    help="UTC time HH:MM (today) after which no new points are started; the "
                         "completed subset is written (used to fit a time budget)")
    ap.add_argument("--write-every", type=int, default=0,
                    help="also rewrite the output file after every N finished points, so the "
                         "growing set can be committed while the run goes on")
    ap.add_argument("--modes-only", action="store_true",
                    help="only optimise the minimum and compute the normal modes")
    a = ap.parse_args()
    deadline = None
    if a.deadline:
        import calendar
        hh, mm = map(int, a.deadline.split(":"))
        g = time.gmtime()
        deadline = calendar.timegm((g.tm_year, g.tm_mon, g.tm_mday, hh, mm, 0))
    n = a.n or DEFAULT_N[a.set]
    seed = a.seed if a.seed is not None else SEEDS[a.set]
    fname = OUT_NAMES.get(a.set, a.set) + ".extxyz"
    out = a.out or os.path.join(REPO, "examples", "data", fname)
    run(a.set, n, seed, a.workers, out, deadline, a.modes_only, a.write_every)


if __name__ == "__main__":
    main()
