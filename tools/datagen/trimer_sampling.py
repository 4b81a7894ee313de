"""Water trimers around hydrogen-bonded arrangements (issue 25's three-body data).

Each trimer is built molecule by molecule: the second and third water are hydrogen
bonded to an earlier one (donor or acceptor chosen at random), with an O-O distance
drawn from 2.5-3.5 A and the geometry of the bond perturbed (donor O-H direction up to
25 degrees off the O-O axis, acceptor lone-pair side up to 60 degrees), so that the set
covers chains, cycles and bent arrangements. A quarter of the trimers instead place the
third water at a random orientation (no hydrogen bond required) to cover the
non-bonded part of the surface, and another quarter are meant as closed cycles (the third
water redrawn up to CYCLE_TRIES times until it bonds to both others, as in the cyclic
minimum; if no draw closes the cycle the last one is kept, so the `hbonds` key tells).
All three O-O distances are at most 4.5 A; close contacts are rejected (O-O below 2.4 A,
intermolecular O-H or H-H below 1.4 A: a little closer than the dimer set's 1.5 A, since a
hydrogen bond at O-O 2.5 A puts H...O near 1.5 A). Monomers are normal-mode sampled.
"""
import numpy as np

D_HBOND = (2.5, 3.5)        # O-O distance of a constructed hydrogen bond (A)
MAX_OO = 4.5                # every O-O distance of a kept trimer (A)
MIN_OO = 2.4                # closest allowed O-O (A)
MIN_XH = 1.4                # closest allowed intermolecular O-H / H-H (A)
DONOR_TILT = np.radians(25.0)
ACCEPTOR_TILT = np.radians(60.0)
RANDOM_THIRD = 0.25         # fraction of trimers whose third water is placed at random
CYCLIC = 0.25               # fraction built as closed cycles (three hydrogen bonds)
CYCLE_TRIES = 200           # draws of the third water to close a cycle


def _unit(v):
    return v / np.linalg.norm(v)


def _random_unit_within(rng, axis, max_angle):
    """Uniform direction on the spherical cap of half-angle max_angle around axis."""
    axis = _unit(axis)
    cos_t = rng.uniform(np.cos(max_angle), 1.0)
    phi = rng.uniform(0.0, 2.0 * np.pi)
    helper = np.array([1.0, 0.0, 0.0]) if abs(axis[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    e1 = _unit(np.cross(axis, helper))
    e2 = np.cross(axis, e1)
    sin_t = np.sqrt(1.0 - cos_t * cos_t)
    return cos_t * axis + sin_t * (np.cos(phi) * e1 + np.sin(phi) * e2)


def _rotation_taking(a, b):
    """Proper rotation matrix R with R a = b for unit vectors a, b (Rodrigues)."""
    a, b = _unit(a), _unit(b)
    v = np.cross(a, b)
    c = float(np.dot(a, b))
    if c < -1.0 + 1e-12:                     # antiparallel: half turn about any normal
        n = _unit(np.cross(a, [1.0, 0.0, 0.0] if abs(a[0]) < 0.9 else [0.0, 1.0, 0.0]))
        return 2.0 * np.outer(n, n) - np.eye(3)
    vx = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    return np.eye(3) + vx + vx @ vx / (1.0 + c)


def _spin_about(rng, axis, mol, origin):
    """Random rotation of mol about axis through origin."""
    k = _unit(axis)
    t = rng.uniform(0.0, 2.0 * np.pi)
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    R = np.eye(3) + np.sin(t) * kx + (1.0 - np.cos(t)) * kx @ kx
    return (mol - origin) @ R.T + origin


def _bisector_out(mol):
    """Unit vector from O towards the midpoint of the two H (mol rows O, H, H)."""
    return _unit(0.5 * (mol[1] + mol[2]) - mol[0])


def hbond_partner(rng, host, guest):
    """Place guest (O H H, O at the origin) hydrogen bonded to host; returns guest's
    coordinates. host donates or accepts with equal probability."""
    d = rng.uniform(*D_HBOND)
    if rng.uniform() < 0.5:
        # host donates through one of its H: guest O sits near the O-H direction and
        # turns its lone-pair side (away from its own H) towards the host's H
        h = host[1 + rng.integers(2)]
        u = _random_unit_within(rng, h - host[0], DONOR_TILT)
        o = host[0] + d * u
        lone = _random_unit_within(rng, -u, ACCEPTOR_TILT)   # guest's -bisector direction
        g = guest @ _rotation_taking(-_bisector_out(guest), lone).T
        g = _spin_about(rng, lone, g, np.zeros(3))
    else:
        # host accepts: guest O sits on the host's lone-pair side, one guest O-H points
        # back at the host O
        u = _random_unit_within(rng, -_bisector_out(host), ACCEPTOR_TILT)
        o = host[0] + d * u
        k = 1 + rng.integers(2)
        point = _random_unit_within(rng, -u, DONOR_TILT)
        g = guest @ _rotation_taking(guest[k] - guest[0], point).T
        g = _spin_about(rng, point, g, np.zeros(3))
    return g + o


def random_partner(rng, anchor, guest, random_rotation):
    """Guest at a random orientation with its O 2.5-4.5 A from anchor's O."""
    d = rng.uniform(D_HBOND[0], MAX_OO)
    u = _unit(rng.normal(size=3))
    return guest @ random_rotation(rng).T + anchor[0] + d * u


def acceptable(mols):
    """All O-O within [MIN_OO, MAX_OO]; no intermolecular O-H or H-H below MIN_XH."""
    for a in range(3):
        for b in range(a + 1, 3):
            dd = np.linalg.norm(mols[a][:, None, :] - mols[b][None, :, :], axis=-1)
            if not (MIN_OO <= dd[0, 0] <= MAX_OO):
                return False
            lim = np.full((3, 3), MIN_XH)
            lim[0, 0] = MIN_OO
            if (dd < lim).any():
                return False
    return True


def count_hbonds(mols, r_max=2.5, angle_min_deg=130.0):
    """Hydrogen bonds O-H...O with H...O < r_max and angle O-H...O > angle_min."""
    n = 0
    for a in range(3):
        for b in range(3):
            if a == b:
                continue
            for k in (1, 2):
                h, od, oa = mols[a][k], mols[a][0], mols[b][0]
                if np.linalg.norm(h - oa) > r_max:
                    continue
                v1, v2 = od - h, oa - h
                ang = np.degrees(np.arccos(np.dot(v1, v2) / np.linalg.norm(v1) / np.linalg.norm(v2)))
                if ang > angle_min_deg:
                    n += 1
    return n


def sample_trimers(rng, n, monomer, random_rotation):
    """n trimers; monomer() -> (O H H coordinates with O at the origin, temperature)."""
    out, rejected = [], 0
    while len(out) < n:
        (m1, t1), (m2, t2), (m3, t3) = monomer(), monomer(), monomer()
        m1 = m1 @ random_rotation(rng).T
        m2 = hbond_partner(rng, m1, m2)
        kind = rng.uniform()
        third_random = kind < RANDOM_THIRD
        host = (m1, m2)[rng.integers(2)]
        if third_random:
            m3 = random_partner(rng, host, m3, random_rotation)
        elif kind < RANDOM_THIRD + CYCLIC:
            for _ in range(CYCLE_TRIES):
                c = hbond_partner(rng, host, m3)
                if count_hbonds([m1, m2, c]) >= 3 and acceptable([m1, m2, c]):
                    break
            m3 = c
        else:
            m3 = hbond_partner(rng, host, m3)
        mols = [m1, m2, m3]
        if not acceptable(mols):
            rejected += 1
            continue
        pos = np.vstack(mols)
        pos = (pos - pos.mean(axis=0)) @ random_rotation(rng).T + rng.uniform(-3.0, 3.0, 3)
        mols = [pos[0:3], pos[3:6], pos[6:9]]
        d = [float(np.linalg.norm(mols[a][0] - mols[b][0])) for a, b in ((0, 1), (0, 2), (1, 2))]
        out.append({"symbols": ["O", "H", "H"] * 3, "pos": pos.tolist(),
                    "d_OO_12": d[0], "d_OO_13": d[1], "d_OO_23": d[2],
                    "hbonds": count_hbonds(mols), "third_random": int(third_random),
                    "temperature_mono1": float(t1), "temperature_mono2": float(t2),
                    "temperature_mono3": float(t3)})
    return out, rejected
