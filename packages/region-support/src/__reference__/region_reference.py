"""numpy references for region-support's equations (tests only). Loops over regions, float64."""
import numpy as np


def _valid(depth, mask):
    return (mask > 0) & (depth > 0)


def _delta_d(depth, valid, divisor):
    d = depth[valid].astype(np.float64)
    return (d.max() - d.min()) / divisor if d.size else 0.0


def region_labels(instances, depth, mask, divisor, band_width):
    """Instances cut into depth bands band_width * delta_d wide when they span more than delta_d."""
    out = []
    for inst, dep, msk in zip(instances, depth, mask):
        inst, dep, msk = inst.ravel(), dep.ravel().astype(np.float64), msk.ravel()
        valid = _valid(dep, msk)
        dd = _delta_d(dep, valid, divisor)
        keys = {}
        labels = -np.ones(inst.size, dtype=np.int64)
        for i in np.flatnonzero(valid):
            members = valid & (inst == inst[i])
            lo, hi = dep[members].min(), dep[members].max()
            band = int(np.floor((dep[i] - lo) / (band_width * dd))) if hi - lo > dd and dd > 0 else 0
            labels[i] = keys.setdefault((int(inst[i]), band), len(keys))
        out.append(labels.tolist())
    return out


def discriminative(embedding, labels, delta_v, push):
    """Eqs. 1-2 with the L1 distance, per image, averaged over the batch."""
    total = 0.0
    for emb, lab in zip(embedding, labels):
        emb = emb.reshape(-1, emb.shape[-1]).astype(np.float64)
        lab = lab.ravel()
        ids = [c for c in np.unique(lab) if c >= 0]
        if not ids:
            continue
        mus = np.stack([emb[lab == c].mean(0) for c in ids])
        var = np.mean([np.mean(np.maximum(np.abs(emb[lab == c] - mu).sum(1) - delta_v, 0) ** 2) for c, mu in zip(ids, mus)])
        dist = 0.0
        if len(ids) > 1:
            for a in range(len(ids)):
                for b in range(len(ids)):
                    if a != b:
                        dist += max(push * delta_v - np.abs(mus[a] - mus[b]).sum(), 0) ** 2
            dist /= len(ids) * (len(ids) - 1)
        total += var + dist
    return total / embedding.shape[0]


def spreads(embedding, labels):
    """Sum over regions of delta_c (mean L1 distance to the region mean) and the region count."""
    s, n = 0.0, 0
    for emb, lab in zip(embedding, labels):
        emb = emb.reshape(-1, emb.shape[-1]).astype(np.float64)
        lab = lab.ravel()
        for c in np.unique(lab):
            if c < 0:
                continue
            e = emb[lab == c]
            s += np.abs(e - e.mean(0)).sum(1).mean()
            n += 1
    return [s, n]


def right_wrong(embedding, regions, depth, mask, delta_v, divisor, push, unlabelled_region):
    """Eqs. 3-5: per region, pixels within delta_d of its mean GT depth are right; mu from the right ones.
    With unlabelled_region, the unlabelled pixels are one more region."""
    total = 0.0
    for emb, reg, dep, msk in zip(embedding, regions, depth, mask):
        emb = emb.reshape(-1, emb.shape[-1]).astype(np.float64)
        reg, dep, msk = reg.ravel().astype(np.int64), dep.ravel().astype(np.float64), msk.ravel()
        if unlabelled_region:
            reg = np.where(reg < 0, reg.max() + 1, reg)
        has_depth = _valid(dep, msk)
        dd = _delta_d(dep, has_depth, divisor)
        valid = has_depth & (reg >= 0)
        lr, lw = [], []
        for c in np.unique(reg[valid]):
            members = valid & (reg == c)
            right = members & (np.abs(dep - dep[members].mean()) <= dd)
            wrong = members & ~right
            mu = emb[right].mean(0) if right.any() else emb[members].mean(0)
            dist = np.abs(emb - mu).sum(1)
            if right.any():
                lr.append(np.mean(np.maximum(dist[right] - delta_v, 0) ** 2))
            if wrong.any():
                lw.append(np.mean(np.maximum(push * delta_v - dist[wrong], 0) ** 2))
        total += (np.mean(lr) if lr else 0.0) + (np.mean(lw) if lw else 0.0)
    return total / embedding.shape[0]


def berhu_log(pred, depth, mask, threshold):
    """Laina's berHu on log depth over valid pixels, c = threshold * max residual."""
    valid = _valid(depth, mask)
    x = np.abs(pred[valid].astype(np.float64) - np.log(depth[valid].astype(np.float64)))
    c = threshold * x.max()
    return float(np.where(x <= c, x, (x ** 2 + c ** 2) / (2 * c)).mean())


def region_pool(x, labels):
    """Labelled pixels replaced by their region's mean (per image); unlabelled keep their value."""
    out = x.astype(np.float64).copy()
    for b in range(x.shape[0]):
        lab = labels[b, ..., 0]
        for c in np.unique(lab):
            if c < 0:
                continue
            sel = lab == c
            out[b][sel] = x[b][sel].astype(np.float64).mean(0)
    return out.ravel().tolist()
