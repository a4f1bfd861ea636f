"""numpy references for segment-depth's losses (tests only), written from the paper's equations."""
import numpy as np


def _target(depth, max_depth):
    y = depth.astype(np.float64)
    return np.minimum(y, max_depth) / max_depth, (y > 0).astype(np.float64)


def _l1(pred, target, known):
    return float((np.abs(pred - target) * known).sum() / max(known.sum(), 1.0))


def _bce(logits, labels):
    p = 1.0 / (1.0 + np.exp(-logits))
    return float(-(labels * np.log(p) + (1 - labels) * np.log(1 - p)).mean())


def losses(depth, labels, table, parts, seg, fused, mode, max_depth, lambda_bce, lambda_rec, lambda_direct):
    """Eqs. 1-4 (explicit), 8 (implicit) and the direct L1, every term as float64."""
    target, known = _target(depth[..., 0], max_depth)
    if mode == 'direct':
        rec = _l1(fused.astype(np.float64)[..., 0], target, known)
        return {'total': lambda_direct * rec, 'rec': rec}
    ids = np.clip(labels[..., 0], 0, len(table) - 1)
    groups = np.asarray(table)[ids]
    out = {}
    depth_loss = 0.0
    seg_loss = 0.0
    for n in range(4):
        mask = (groups == n).astype(np.float64)
        if mode == 'explicit':
            s = seg.astype(np.float64)[..., n]
            selector = 1.0 / (1.0 + np.exp(-s))
            out['bce%d' % (n + 1)] = _bce(s, mask)
            seg_loss += lambda_bce[n] * out['bce%d' % (n + 1)]
        else:
            selector = mask
        out['rec%d' % (n + 1)] = _l1(parts.astype(np.float64)[..., n], selector * target, known)
        depth_loss += lambda_rec[n] * out['rec%d' % (n + 1)]
    out['depth'] = depth_loss
    if mode == 'explicit':
        out['seg'] = seg_loss
    out['total'] = depth_loss + seg_loss
    return out


def discriminator_loss(real, fake):
    """Eq. 6 for D as pix2pix trains it: 0.5 [-log sigma(real) - log(1 - sigma(fake))], means over the batch."""
    r = real.astype(np.float64)
    f = fake.astype(np.float64)
    return float(0.5 * (np.mean(np.log1p(np.exp(-r))) + np.mean(np.log1p(np.exp(f)))))


def generator_adversarial(fake):
    """Non-saturating generator term: -log sigma(D(x, G(x)))."""
    return float(np.mean(np.log1p(np.exp(-fake.astype(np.float64)))))
