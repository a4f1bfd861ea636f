"""numpy references for core's building blocks."""
import numpy as np


def group_norm(x, groups, eps):
    n, h, w, c = x.shape
    g = x.astype(np.float64).reshape(n, h, w, groups, c // groups)
    mean = g.mean(axis=(1, 2, 4), keepdims=True)
    var = g.var(axis=(1, 2, 4), keepdims=True)
    return ((g - mean) / np.sqrt(var + eps)).reshape(n, h, w, c)


def region_mean_pool(features, labels, regions):
    b, h, w, c = features.shape
    f = features.astype(np.float64)
    pooled = f.copy()
    means = np.zeros((b, regions, c))
    for i in range(b):
        for r in range(regions):
            sel = labels[i] == r
            if sel.any():
                means[i, r] = f[i][sel].mean(0)
                pooled[i][sel] = means[i, r]
    return {"pooled": pooled, "means": means}
