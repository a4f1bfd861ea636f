"""Writes PyTorch reference outputs and gradients for depthkit's engine kernels.

    command -p python3 tools/parity/conv_fixtures.py packages/core/src/engine/__fixtures__/torch-parity.json

Layouts are converted to tfjs's (NHWC inputs, [kh, kw, cin, cout] filters, [kh, kw, cin, mult]
depthwise filters). TF "SAME" padding is applied explicitly (it is asymmetric for even sizes),
so PyTorch computes exactly the convolution tfjs defines. Seeded: re-running reproduces the file.
"""
import base64
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(20261121)
rng = np.random.default_rng(20261121)


def b64(t):
    a = np.ascontiguousarray(t.detach().numpy().astype(np.float32))
    return {"shape": list(a.shape), "data": base64.b64encode(a.tobytes()).decode()}


def same_pads(size, k, s, d):
    out = math.ceil(size / s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def conv_case(n, h, w, cin, cout, k, stride, dilation, padding, depthwise=False, mult=1):
    x = torch.randn(n, h, w, cin, dtype=torch.float64)
    if depthwise:
        wt = torch.randn(k, k, cin, mult, dtype=torch.float64)
        weight = wt.permute(2, 3, 0, 1).reshape(cin * mult, 1, k, k)  # out channel = c*mult+q
        groups = cin
    else:
        wt = torch.randn(k, k, cin, cout, dtype=torch.float64)
        weight = wt.permute(3, 2, 0, 1)
        groups = 1
    x.requires_grad_(True)
    wt.requires_grad_(True)
    if depthwise:
        weight = wt.permute(2, 3, 0, 1).reshape(cin * mult, 1, k, k).contiguous()
    else:
        weight = wt.permute(3, 2, 0, 1).contiguous()
    xc = x.permute(0, 3, 1, 2)
    if padding == "same":
        t, b = same_pads(h, k, stride, dilation)
        l, r = same_pads(w, k, stride, dilation)
        xc = F.pad(xc, (l, r, t, b))
    y = F.conv2d(xc, weight, stride=stride, dilation=dilation, groups=groups).permute(0, 2, 3, 1)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    return {
        "op": "depthwise" if depthwise else "conv2d",
        "stride": stride, "dilation": dilation, "pad": padding,
        "x": b64(x), "filter": b64(wt), "dy": b64(dy),
        "y": b64(y), "dx": b64(x.grad), "dfilter": b64(wt.grad),
    }


def resize_case(n, h, w, c, oh, ow, align_corners):
    x = torch.randn(n, h, w, c, dtype=torch.float64, requires_grad=True)
    y = F.interpolate(x.permute(0, 3, 1, 2), size=(oh, ow), mode="bilinear",
                      align_corners=align_corners).permute(0, 2, 3, 1)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    # PyTorch align_corners=False is TF's half_pixel_centers=True.
    return {"op": "resize", "alignCorners": align_corners, "halfPixelCenters": not align_corners,
            "size": [oh, ow], "x": b64(x), "dy": b64(dy), "y": b64(y), "dx": b64(x.grad)}


def segment_case(rows, inner, segments):
    x = torch.randn(rows, inner, dtype=torch.float64)
    ids = torch.from_numpy(rng.integers(-1, segments + 1, size=rows))  # includes out-of-range ids
    keep = (ids >= 0) & (ids < segments)
    out = torch.zeros(segments, inner, dtype=torch.float64).index_add_(0, ids[keep], x[keep])
    return {"op": "segment_sum", "numSegments": segments, "x": b64(x),
            "ids": ids.tolist(), "y": b64(out)}


def batchnorm_case(n, h, w, c, eps=1e-3):
    """Training-mode batch norm over N, H, W with batch statistics, as tfjs-layers computes it."""
    x = torch.randn(n, h, w, c, dtype=torch.float64, requires_grad=True)
    gamma = (torch.rand(c, dtype=torch.float64) + 0.5).requires_grad_(True)
    beta = torch.randn(c, dtype=torch.float64, requires_grad=True)
    mean = x.mean(dim=(0, 1, 2))
    var = x.var(dim=(0, 1, 2), unbiased=False)
    y = (x - mean) / torch.sqrt(var + eps) * gamma + beta
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    return {"op": "batchnorm", "eps": eps, "x": b64(x), "gamma": b64(gamma), "beta": b64(beta),
            "dy": b64(dy), "y": b64(y), "dx": b64(x.grad), "dgamma": b64(gamma.grad),
            "dbeta": b64(beta.grad)}


def main():
    cases = []
    # Plain convolutions: stride 1 and 2 at dilation 1; dilation 1, 2, 4 at stride 1; same/valid;
    # non-square; batch > 1.
    for (h, w, cin, cout, k, s, d, pad) in [
        (9, 13, 3, 4, 3, 1, 1, "same"), (9, 13, 3, 4, 3, 1, 1, "valid"),
        (10, 7, 4, 5, 3, 2, 1, "same"), (11, 8, 4, 3, 3, 2, 1, "valid"),
        (12, 9, 3, 4, 3, 1, 2, "same"), (13, 11, 2, 3, 3, 1, 2, "valid"),
        (17, 14, 3, 2, 3, 1, 4, "same"), (18, 15, 2, 3, 3, 1, 4, "valid"),
        (8, 12, 5, 6, 1, 1, 1, "same"), (9, 10, 3, 4, 5, 2, 1, "same"),
        # dilation larger than the map (ASPP's rate 24 on a 1/8 feature)
        (5, 9, 4, 3, 3, 1, 6, "same"), (6, 8, 3, 2, 3, 1, 7, "same"),
        # fewer output than input channels at stride 1 (wasm's shifted-gradient path)
        (9, 11, 6, 3, 3, 1, 1, "same"), (10, 8, 5, 2, 5, 1, 1, "valid"), (7, 12, 4, 1, 3, 1, 1, "same"),
    ]:
        cases.append(conv_case(2, h, w, cin, cout, k, s, d, pad))
    for (h, w, cin, mult, k, s, d, pad) in [
        (9, 13, 3, 1, 3, 1, 1, "same"), (10, 7, 4, 2, 3, 2, 1, "same"),
        (11, 8, 3, 1, 3, 2, 1, "valid"), (12, 9, 3, 2, 3, 1, 2, "same"),
        (17, 14, 2, 1, 3, 1, 4, "valid"), (5, 9, 3, 2, 3, 1, 6, "same"),
    ]:
        cases.append(conv_case(2, h, w, cin, cin * mult, k, s, d, pad, depthwise=True, mult=mult))
    for (h, w, oh, ow, ac) in [(5, 7, 10, 14, False), (4, 9, 8, 18, False), (1, 3, 2, 6, False), (6, 4, 11, 9, False), (8, 12, 3, 5, False),
                               (5, 7, 10, 14, True), (6, 4, 11, 9, True)]:
        cases.append(resize_case(2, h, w, 3, oh, ow, ac))
    cases.append(segment_case(40, 6, 7))
    cases.append(batchnorm_case(2, 5, 7, 4))
    cases.append(batchnorm_case(3, 4, 3, 6))
    with open(sys.argv[1], "w") as f:
        json.dump({"generator": "tools/parity/conv_fixtures.py", "torch": torch.__version__,
                   "cases": cases}, f)


if __name__ == "__main__":
    main()
