"""PyTorch twin of @depthkit/hma-depth (perf harness only)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class HmaDepthTwin(nn.Module):
    """PyTorch twin of @depthkit/hma-depth's network (same layers, same parameter count).

    torchvision ResNet-50 taps (relu, layer1..4) → BTS-like decoder: bilinear ×2 + conv3×3 + ELU
    ("upconv"), BN, skip concatenation, conv3×3 + ELU ("iconv"); DeepLab-v3 ASPP at 1/8 with
    rates 3, 6, 12, 18, 24 and image pooling; per-scale sigmoid depth and attention heads,
    hierarchical masks (eqs. 1-4) and the masked sum (eq. 5).
    """

    def __init__(self, width=512, rates=(3, 6, 12, 18, 24), strides=(8, 4, 2, 1)):
        super().__init__()
        import torchvision
        r = torchvision.models.resnet50()
        self.stem = nn.Sequential(r.conv1, r.bn1, r.relu)
        self.pool = r.maxpool
        self.layers = nn.ModuleList([r.layer1, r.layer2, r.layer3, r.layer4])
        f = width
        bn = lambda c: nn.BatchNorm2d(c, eps=1.1e-5, momentum=0.01)
        conv = lambda i, o, k=3, d=1, bias=False: nn.Conv2d(i, o, k, padding=d * (k // 2), dilation=d, bias=bias)
        self.upconv5, self.bn5, self.iconv5 = conv(2048, f), bn(f), conv(f + 1024, f)
        self.upconv4, self.bn4, self.iconv4, self.bn4b = conv(f, f // 2), bn(f // 2), conv(f // 2 + 512, f // 2), bn(f // 2)
        q = f // 4
        self.aspp = nn.ModuleList([nn.Sequential(conv(f // 2, q, 1), bn(q), nn.ReLU())] +
                                  [nn.Sequential(conv(f // 2, q, 3, d), bn(q), nn.ReLU()) for d in rates])
        self.aspp_image = nn.Sequential(conv(f // 2, q, 1), bn(q), nn.ReLU())
        self.aspp_project = nn.Sequential(conv(q * (len(rates) + 2), q, 1), bn(q), nn.ReLU())
        self.upconv3, self.bn3, self.iconv3 = conv(q, f // 4), bn(f // 4), conv(f // 4 + 256, f // 4)
        self.upconv2, self.bn2, self.iconv2 = conv(f // 4, f // 8), bn(f // 8), conv(f // 8 + 64, f // 8)
        self.upconv1, self.iconv1 = conv(f // 8, f // 16), conv(f // 16, f // 16)
        channels = {16: f, 8: q, 4: f // 4, 2: f // 8, 1: f // 16}
        self.strides = strides
        self.depth_heads = nn.ModuleList([conv(channels[s], 1, bias=True) for s in strides])
        self.attention_heads = nn.ModuleList([conv(channels[s], 1, bias=True) for s in strides[:-1]])

    @staticmethod
    def up(x):
        return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)

    def forward(self, x):
        elu = F.elu
        t0 = self.stem(x)
        t1 = self.layers[0](self.pool(t0))
        t2 = self.layers[1](t1)
        t3 = self.layers[2](t2)
        t4 = F.relu(self.layers[3](t3))
        u5 = self.bn5(elu(self.upconv5(self.up(t4))))
        i5 = elu(self.iconv5(torch.cat([u5, t3], 1)))
        u4 = self.bn4(elu(self.upconv4(self.up(i5))))
        i4 = self.bn4b(elu(self.iconv4(torch.cat([u4, t2], 1))))
        pooled = i4.mean((2, 3), keepdim=True).expand_as(i4)
        a8 = self.aspp_project(torch.cat([b(i4) for b in self.aspp] + [self.aspp_image(pooled)], 1))
        u3 = self.bn3(elu(self.upconv3(self.up(a8))))
        i3 = elu(self.iconv3(torch.cat([u3, t1], 1)))
        u2 = self.bn2(elu(self.upconv2(self.up(i3))))
        i2 = elu(self.iconv2(torch.cat([u2, t0], 1)))
        i1 = elu(self.iconv1(elu(self.upconv1(self.up(i2)))))
        features = {16: i5, 8: a8, 4: i3, 2: i2, 1: i1}
        size = x.shape[2:]
        full = lambda t: F.interpolate(t, size=size, mode="bilinear", align_corners=False)
        depths = [full(torch.sigmoid(h(features[s]))) for h, s in zip(self.depth_heads, self.strides)]
        attentions = [full(torch.sigmoid(h(features[s]))) for h, s in zip(self.attention_heads, self.strides)]
        remaining = torch.ones_like(depths[0])
        out = 0
        for d, a in zip(depths, attentions):
            out = out + a * remaining * d
            remaining = remaining * (1 - a)
        return out + remaining * depths[-1]


def build():
    return HmaDepthTwin()
