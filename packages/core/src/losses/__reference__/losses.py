"""Independent float64 numpy references for depthkit's losses, with finite-difference gradients.

Each loss function takes numpy arrays and returns a float; `check` evaluates one and its central
finite-difference gradient with respect to `pred` at the requested flat indices.
"""
import numpy as np


def _valid(gt, mask):
    return (mask > 0) if mask is not None else (gt > 0)


def silog_eigen(pred, gt, mask=None, lam=0.85, reduction="batch"):
    valid = _valid(gt, mask)
    if reduction == "per-image":
        values = [silog_eigen(p[None], g[None], None if mask is None else m[None], lam)
                  for p, g, m in zip(pred, gt, mask if mask is not None else [None] * len(pred))]
        return float(np.mean(values))
    g = np.log(pred[valid]) - np.log(gt[valid])
    n = g.size
    if n == 0:
        return 0.0
    return float((g ** 2).sum() / n - lam * g.sum() ** 2 / n ** 2)


def silog_bts(pred, gt, mask=None, lam=0.85, reduction="batch"):
    valid = _valid(gt, mask)
    g = np.log(pred[valid]) - np.log(gt[valid])
    if g.size == 0:
        return 0.0
    return float(10.0 * np.sqrt(max((g ** 2).mean() - lam * g.mean() ** 2, 0.0)))


def berhu(pred, gt, mask=None, threshold=0.2, c=None):
    valid = _valid(gt, mask)
    x = np.abs(pred[valid] - gt[valid])
    if x.size == 0:
        return 0.0
    c = threshold * x.max() if c is None else c
    if c == 0:
        return float(x.mean())
    return float(np.where(x <= c, x, (x ** 2 + c ** 2) / (2 * c)).mean())


def l1(pred, gt, mask=None):
    valid = _valid(gt, mask)
    x = np.abs(pred[valid] - gt[valid])
    return float(x.mean()) if x.size else 0.0


def smooth_l1(pred, gt, mask=None, beta=1.0):
    valid = _valid(gt, mask)
    x = np.abs(pred[valid] - gt[valid])
    if x.size == 0:
        return 0.0
    return float(np.where(x < beta, 0.5 * x ** 2 / beta, x - 0.5 * beta).mean())


def weighted_bce(pred, gt, mask=None, pos_weight=1.0, from_logits=False, eps=1e-7):
    valid = (mask > 0) if mask is not None else np.ones_like(gt, dtype=bool)
    z = pred[valid].astype(np.float64)
    y = gt[valid].astype(np.float64)
    if z.size == 0:
        return 0.0
    if from_logits:
        log_p = -np.logaddexp(0, -z)
        log_1mp = -np.logaddexp(0, z)
    else:
        p = np.clip(z, eps, 1 - eps)
        log_p, log_1mp = np.log(p), np.log(1 - p)
    return float((-(pos_weight * y * log_p + (1 - y) * log_1mp)).mean())


LOSSES = {"silog_eigen": silog_eigen, "silog_bts": silog_bts, "berhu": berhu, "l1": l1,
          "smooth_l1": smooth_l1, "weighted_bce": weighted_bce}


def check(pred, gt, mask=None, loss="l1", indices=(), step=1e-4, frozen=None, **params):
    """Loss value and d loss / d pred at `indices` by central differences, in float64.

    `frozen` names parameters the loss treats as constants under differentiation (berHu's c),
    evaluated once at the unperturbed point, as the tfjs implementation stops their gradient.
    """
    fn = LOSSES[loss]
    pred = pred.astype(np.float64)
    gt = gt.astype(np.float64)
    if frozen == "berhu_c":
        valid = _valid(gt, mask)
        params["c"] = params.get("threshold", 0.2) * np.abs(pred[valid] - gt[valid]).max()
    value = fn(pred, gt, mask, **params)
    grads = []
    flat = pred.reshape(-1)
    for i in indices:
        old = flat[i]
        flat[i] = old + step
        up = fn(pred, gt, mask, **params)
        flat[i] = old - step
        down = fn(pred, gt, mask, **params)
        flat[i] = old
        grads.append((up - down) / (2 * step))
    return {"value": value, "grads": grads}


def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def cross_entropy(pred, gt, mask=None):
    logits = pred.reshape(-1, pred.shape[-1])
    labels = gt.reshape(-1).astype(np.int64)
    valid = labels >= 0
    if not valid.any():
        return 0.0
    logp = _log_softmax(logits[valid])
    return float(-logp[np.arange(valid.sum()), labels[valid]].mean())


def ordinal(pred, gt, mask=None):
    logits = pred.reshape(-1, pred.shape[-1])
    labels = gt.reshape(-1).astype(np.int64)
    valid = labels >= 0
    if not valid.any():
        return 0.0
    z = logits[valid]
    k = np.arange(z.shape[1])[None, :]
    t = (k < labels[valid][:, None]).astype(np.float64)
    log_sig = -np.logaddexp(0, -z)
    log_1m = -np.logaddexp(0, z)
    return float((-(t * log_sig + (1 - t) * log_1m)).sum(axis=1).mean())


def soft_classification(pred, gt, mask=None, beta=1.0):
    logits = pred.reshape(-1, pred.shape[-1])
    labels = gt.reshape(-1).astype(np.float64)
    valid = labels >= 0
    if not valid.any():
        return 0.0
    p = np.exp(_log_softmax(logits[valid]))
    expected = (p * np.arange(p.shape[1])[None, :]).sum(axis=1)
    x = np.abs(expected - labels[valid])
    return float(np.where(x < beta, 0.5 * x ** 2 / beta, x - 0.5 * beta).mean())


def discriminative(pred, gt, mask=None, delta_v=0.5, delta_d=3.0, distance="l2", alpha=1.0, beta=1.0,
                   gamma=0.001, ignore_label=None):
    def norm(v):
        return np.abs(v).sum(-1) if distance == "l1" else np.sqrt((v ** 2).sum(-1) + 1e-12)

    totals = []
    for emb, lab in zip(pred, gt):
        emb = emb.reshape(-1, emb.shape[-1])
        lab = lab.reshape(-1)
        ids = [c for c in dict.fromkeys(lab.tolist()) if c != ignore_label]
        if not ids:
            totals.append((0.0, 0.0, 0.0))
            continue
        centres = np.stack([emb[lab == c].mean(0) for c in ids])
        pull = np.mean([(np.maximum(norm(emb[lab == c] - centres[i]) - delta_v, 0) ** 2).mean()
                        for i, c in enumerate(ids)])
        n = len(ids)
        push = 0.0
        if n > 1:
            d = norm(centres[:, None, :] - centres[None, :, :])
            h = np.maximum(delta_d - d, 0) ** 2
            push = (h.sum() - np.trace(h)) / (n * (n - 1))
        reg = norm(centres).mean()
        totals.append((pull, push, reg))
    pull, push, reg = np.mean(np.array(totals), axis=0)
    return float(alpha * pull + beta * push + gamma * reg)


def gan_discriminator(pred, gt, mask=None, mode="bce"):
    """pred: real logits, gt: fake logits (both differentiable here through pred only)."""
    def towards(z, t):
        if mode == "lsgan":
            return ((z - t) ** 2).mean()
        return (np.logaddexp(0, z) - t * z).mean()
    return float(0.5 * (towards(pred, 1.0) + towards(gt, 0.0)))


LOSSES.update({"cross_entropy": cross_entropy, "ordinal": ordinal, "soft_classification": soft_classification,
               "discriminative": discriminative, "gan_discriminator": gan_discriminator})
