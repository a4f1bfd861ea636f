"""numpy references for HMA-Depth's equations (tests only)."""
import numpy as np


def eq6_loss(pred, gt, lam):
    """Eq. (6): (1/n) sum g^2 - (lam/n^2)(sum g)^2 over valid pixels (gt > 0), g = ln pred - ln gt."""
    valid = gt > 0
    g = np.log(pred[valid].astype(np.float64)) - np.log(gt[valid].astype(np.float64))
    n = g.size
    return float((g ** 2).sum() / n - lam * g.sum() ** 2 / n ** 2)


def masks(attention):
    """Eqs. (1)-(4) generalised to S scales: M_k = A_k prod_{j<k}(1 - A_j), M_S = prod (1 - A_j)."""
    a = attention.astype(np.float64)
    out = []
    remaining = np.ones(a.shape[:-1])
    for k in range(a.shape[-1]):
        out.append(a[..., k] * remaining)
        remaining = remaining * (1 - a[..., k])
    out.append(remaining)
    return np.stack(out, -1)
