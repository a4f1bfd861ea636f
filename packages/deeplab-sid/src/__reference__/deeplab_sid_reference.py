"""numpy references for DeepLab-SID (tests only)."""
import numpy as np


def edges(alpha, beta, bins, spacing):
    """DORN's thresholds: SID t_i = exp(ln a + ln(b/a) i/K), UD t_i = a + (b - a) i/K."""
    i = np.arange(bins + 1, dtype=np.float64)
    if spacing == "sid":
        return np.exp(np.log(alpha) + np.log(beta / alpha) * i / bins)
    return alpha + (beta - alpha) * i / bins


def sid_ce_loss(logits, depth, mask, alpha, beta, bins, spacing):
    """Softmax cross-entropy against the bin of each GT depth; pixels with mask 0 or depth outside
    [alpha, beta) are ignored; mean over the rest. logits [B,H,W,K], depth and mask [B,H,W,1]."""
    t = edges(alpha, beta, bins, spacing)
    d = depth[..., 0].astype(np.float64)
    labels = np.searchsorted(t, d, side="right") - 1
    valid = (mask[..., 0] > 0) & (d >= alpha) & (d < beta)
    z = logits.astype(np.float64)
    z = z - z.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    picked = np.take_along_axis(logp, np.clip(labels, 0, bins - 1)[..., None], -1)[..., 0]
    return float(-picked[valid].mean())


def readout(logits, alpha, beta, bins, spacing, mode):
    """Arg-max bin's midpoint, or the softmax-weighted midpoints."""
    t = edges(alpha, beta, bins, spacing)
    centres = (t[:-1] + t[1:]) / 2
    z = logits.astype(np.float64)
    if mode == "centre":
        return centres[z.argmax(-1)].ravel().tolist()
    p = np.exp(z - z.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    return (p * centres).sum(-1).ravel().tolist()
