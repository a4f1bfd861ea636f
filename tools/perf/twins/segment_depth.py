"""PyTorch twin of @depthkit/segment-depth (perf harness only)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout, kernel, stride, norm, slope):
    """conv-BN-LeakyReLU(0.2) (§3.3); a conv followed by BN has no bias, as in the tfjs network."""
    layers = [nn.Conv2d(cin, cout, kernel, stride, padding=1, bias=not norm)]
    if norm:
        layers.append(nn.BatchNorm2d(cout))
    layers.append(nn.LeakyReLU(slope))
    return nn.Sequential(*layers)


class Unet(nn.Module):
    """pix2pix-style U-Net: 4x4 stride-2 encoder (no BN at the first level), decoder of nearest x2 +
    3x3 conv-BN-LeakyReLU concatenated with the matching encoder level, x2 + 3x3 conv head."""

    def __init__(self, widths, slope=0.2, relu_out=True):
        super().__init__()
        self.encoder = nn.ModuleList()
        cin = 3
        for i, w in enumerate(widths):
            self.encoder.append(block(cin, w, 4, 2, i > 0, slope))
            cin = w
        self.decoder = nn.ModuleList()
        for i in range(len(widths) - 2, -1, -1):
            self.decoder.append(block(cin, widths[i], 3, 1, True, slope))
            cin = widths[i] * 2
        self.head = nn.Conv2d(cin, 1, 3, padding=1)
        self.relu_out = relu_out

    def forward(self, x):
        skips = []
        for layer in self.encoder:
            x = layer(x)
            skips.append(x)
        for layer, skip in zip(self.decoder, reversed(skips[:-1])):
            x = torch.cat([layer(F.interpolate(x, scale_factor=2, mode="nearest")), skip], 1)
        out = self.head(F.interpolate(x, scale_factor=2, mode="nearest"))
        return F.relu(out) if self.relu_out else out


class SegmentDepthTwin(nn.Module):
    """The explicit model (Fig. 2): S_n(x) -> G_n(sigmoid(S_n) * x), D_O = sum_n D_n (eq. 5).
    The discriminator is not part of a forward pass, so it is not here (nor in the tfjs case)."""

    def __init__(self, widths=(64, 128, 256, 512, 512)):
        super().__init__()
        self.segment = nn.ModuleList([Unet(widths, relu_out=False) for _ in range(4)])
        self.depth = nn.ModuleList([Unet(widths) for _ in range(4)])

    def forward(self, x):
        out = 0
        for s, g in zip(self.segment, self.depth):
            out = out + g(torch.sigmoid(s(x)) * x)
        return out


def build():
    return SegmentDepthTwin()
