"""numpy references for DS-SIDENet's equations (tests only)."""
import numpy as np


def quantise(depth, alpha, beta, bins):
    """Eq. (1): b = round((log10 x - log10 alpha) / q), q = (log10 beta - log10 alpha) / K, clipped to [0, K]."""
    q = (np.log10(beta) - np.log10(alpha)) / bins
    b = np.round((np.log10(np.maximum(depth.astype(np.float64), 1e-12)) - np.log10(alpha)) / q)
    return np.clip(b, 0, bins)


def _softmax(z):
    z = z.astype(np.float64)
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def loss(logits, reg, gt, alpha, beta, bins, w1, w2, soft):
    """Eq. (3) with eq. (2) (soft) or cross-entropy (hard), means over valid pixels (gt > 0)."""
    valid = gt[..., 0] > 0
    b = quantise(gt[..., 0], alpha, beta, bins)
    p = _softmax(logits)
    if soft:
        d = (p * np.arange(bins + 1)).sum(-1)
        y = np.abs(d - b)
        cls = np.where(y < 1, 0.5 * y ** 2, y - 0.5)[valid].mean()
    else:
        onehot = np.eye(bins + 1)[b.astype(int)]
        cls = -(np.log(p) * onehot).sum(-1)[valid].mean()
    r = np.abs(reg[..., 0].astype(np.float64) - gt[..., 0])[valid].mean()
    return [float(w1 * cls + w2 * r), float(cls), float(r)]
