"""PyTorch twin of @depthkit/ds-sidenet (perf harness only)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-3, momentum=0.01)


def conv_bn_relu(cin, cout, k=3, stride=1, dilation=1, relu=True):
    layers = [nn.Conv2d(cin, cout, k, stride=stride, padding=dilation * (k // 2), dilation=dilation, bias=False), bn(cout)]
    return nn.Sequential(*(layers + [nn.ReLU()] if relu else layers))


def separable(cin, cout, stride=1, dilation=1):
    """MobileNet's dw 3×3 → BN → ReLU → pw 1×1 → BN → ReLU (Table 1's `dw` layers)."""
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride=stride, padding=dilation, dilation=dilation, groups=cin, bias=False), bn(cin), nn.ReLU(),
        nn.Conv2d(cin, cout, 1, bias=False), bn(cout), nn.ReLU())


def encoder_table(low):
    """Table 1 rows: (kernel, channels, stride, dilation, dw)."""
    s = 2 if low else 1
    return [
        [(3, 32, 2, 1, False), (3, 64, 1, 1, False)],
        [(3, 64, 1, 1, True)] * 3 + [(3, 128, 2, 1, True)],
        [(3, 128, 1, 1, True)] * 3 + [(3, 256, s, 1, True)],
        [(3, 32, 1, 2, True)] * 12 + [(3, 256, s, 1, True)],
        [(3, 256, s, 1, True), (1, 512 if low else 128, 1, 1, False)],
    ]


def unpool2x(x):
    """Laina's unpooling: each value to the top-left of a 2×2 block, zeros elsewhere."""
    n, c, h, w = x.shape
    out = x.new_zeros(n, c, 2 * h, 2 * w)
    out[:, :, ::2, ::2] = x
    return out


class UpProjection(nn.Module):
    def __init__(self, cin, cout, t):
        super().__init__()
        self.t = t
        self.conv1 = conv_bn_relu(cin, cout, 5)
        self.conv2 = conv_bn_relu(cout, cout, 3, relu=False)
        self.proj = conv_bn_relu(cin, cout, 5, relu=False)

    def forward(self, x):
        u = unpool2x(x) if self.t == 2 else x
        return F.relu(self.conv2(self.conv1(u)) + self.proj(u))


class UpprojCon(nn.Module):
    """upproj of X to C/2, concat encoder skip Y and pooled RGB Z, 3×3 convbn + ReLU."""

    def __init__(self, cin, cout, t, skip_channels, stride):
        super().__init__()
        self.up = UpProjection(cin, cout, t)
        self.stride = stride
        self.fuse = conv_bn_relu(cout + skip_channels + 3, cout, 3)

    def forward(self, x, skip, image):
        z = F.avg_pool2d(image, self.stride) if self.stride > 1 else image
        return self.fuse(torch.cat([self.up(x), skip, z], 1))


class AM(nn.Module):
    def __init__(self, c, dilations):
        super().__init__()
        self.chain = nn.Sequential(*[conv_bn_relu(c, c, 3, dilation=d) for d in dilations], conv_bn_relu(c, c, 1),
                                   conv_bn_relu(c, c, 1, relu=False))

    def forward(self, x):
        return F.relu(x + self.chain(x))


class Branch(nn.Module):
    """Table 2's five decoder blocks and the output layer."""

    def __init__(self, low, encoder_channels, outputs, dilations=(1, 2, 2, 4, 4, 8, 8, 16, 16, 1)):
        super().__init__()
        self.low = low
        e = encoder_channels
        if low:
            self.blocks = nn.ModuleList([UpprojCon(512, 256, 2, e[3], 16), UpprojCon(256, 128, 2, e[2], 8),
                                         UpprojCon(128, 64, 2, e[1], 4), UpprojCon(64, 32, 2, e[0], 2)])
            self.sam = None
            self.last = UpProjection(32, 16, 2)
            self.out = nn.Conv2d(16, outputs, 3, padding=1)
        else:
            self.blocks = nn.ModuleList([UpprojCon(128, 64, 1, e[3], 4), UpprojCon(64, 32, 1, e[2], 4), None,
                                         UpprojCon(32, 16, 2, e[0], 2)])
            self.sam = nn.Sequential(*[AM(32, dilations) for _ in range(3)])
            self.last = UpProjection(16, 8, 2)
            self.out = nn.Conv2d(8, outputs, 3, padding=1)
        self.skips = [3, 2, 1, 0]

    def forward(self, feats, image):
        x = feats[4]
        for i, block in enumerate(self.blocks):
            x = self.sam(x) if block is None else block(x, feats[self.skips[i]], image)
        return self.out(self.last(x))


class DsSidenetTwin(nn.Module):
    """DS-SIDENet (Tables 1-2): shared encoder, classification (K + 1 logits) and regression branches."""

    def __init__(self, low=True, bins=80, alpha=0.5, beta=10.0):
        super().__init__()
        blocks, cin = [], 3
        for rows in encoder_table(low):
            layers = []
            for k, c, s, d, dw in rows:
                layers.append(separable(cin, c, s, d) if dw else conv_bn_relu(cin, c, k, s, d))
                cin = c
            blocks.append(nn.Sequential(*layers))
        self.encoder = nn.ModuleList(blocks)
        channels = [rows[-1][1] for rows in encoder_table(low)]
        self.cls = Branch(low, channels, bins + 1)
        self.reg = Branch(low, channels, 1)
        self.m = math.sqrt(alpha * beta)

    def forward(self, x):
        feats = []
        h = x
        for block in self.encoder:
            h = block(h)
            feats.append(h)
        logits = self.cls(feats, x)
        # Computed as the tfjs model does (both outputs); the harness's L1 reads the first.
        self.last_depth = self.m * (1 + self.reg(feats, x))
        return logits


def build():
    return DsSidenetTwin()
