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
