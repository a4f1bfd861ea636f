"""The reference net: the harness's fixed yardstick."""
import torch.nn as nn


def conv_bn_relu(cin, cout, stride):
    return [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(cout, momentum=0.1, eps=1e-5), nn.ReLU(inplace=True)]


class ReferenceNet(nn.Module):
    """4 × [conv3×3 s2 + BN + ReLU] (32..256), 4 × [bilinear ×2 + conv3×3 + BN + ReLU] (128..16), conv3×3 → 1."""

    def __init__(self):
        super().__init__()
        layers = []
        cin = 3
        for cout in (32, 64, 128, 256):
            layers += conv_bn_relu(cin, cout, 2)
            cin = cout
        for cout in (128, 64, 32, 16):
            layers.append(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False))
            layers += conv_bn_relu(cin, cout, 1)
            cin = cout
        layers.append(nn.Conv2d(cin, 1, 3, padding=1))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def build():
    return ReferenceNet()
