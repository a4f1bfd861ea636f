"""PyTorch twin of @depthkit/region-support (perf harness only)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvUnit(nn.Module):
    """Replicate pad, conv (bias only without norm), GroupNorm(1 group), ReLU."""

    def __init__(self, cin, cout, k=3, stride=1, norm=True, relu=None):
        super().__init__()
        self.pad = nn.ReplicationPad2d(k // 2) if k > 1 else nn.Identity()
        self.conv = nn.Conv2d(cin, cout, k, stride=stride, bias=not norm)
        self.norm = nn.GroupNorm(1, cout) if norm else None
        self.relu = norm if relu is None else relu

    def forward(self, x):
        y = self.conv(self.pad(x))
        if self.norm is not None:
            y = self.norm(y)
        return F.relu(y) if self.relu else y


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = ConvUnit(cin, cout, stride=stride)
        self.b = ConvUnit(cout, cout, relu=False)
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.GroupNorm(1, cout))

    def forward(self, x):
        return F.relu(self.b(self.a(x)) + (x if self.proj is None else self.proj(x)))


class DeconvUnit(nn.Module):
    """conv -> 4x4 stride-2 deconv (padding 1: exactly x2) -> GN ReLU -> concat skip -> conv."""

    def __init__(self, cin, cskip, f):
        super().__init__()
        self.pre = ConvUnit(cin, 2 * f)
        self.deconv = nn.ConvTranspose2d(2 * f, f, 4, stride=2, padding=1, bias=False)
        self.norm = nn.GroupNorm(1, f)
        self.post = ConvUnit(f + cskip, f)

    def forward(self, x, skip):
        up = F.relu(self.norm(self.deconv(self.pre(x))))
        return self.post(torch.cat([up, skip], 1))


def stage(cin, cout, blocks, stride):
    return nn.Sequential(*[BasicBlock(cin if i == 0 else cout, cout, stride if i == 0 else 1) for i in range(blocks)])


@torch.no_grad()
def mean_shift(emb, delta_v, seeds=128, iterations=2, kernel=1.0, fuse=1.0, assign=2.0, max_regions=80, stride=4, min_support=3):
    """The same modified mean-shift, vectorised: grid seeds, strided samples, L1 flat kernel."""
    _, e, h, w = emb.shape
    out = []
    for img in emb:
        flat = img.permute(1, 2, 0).reshape(-1, e)
        step = max(1, math.ceil(math.sqrt(h * w / seeds)))
        grid = lambda s: (torch.arange(min(s // 2, h - 1), h, s)[:, None] * w + torch.arange(min(s // 2, w - 1), w, s)[None, :]).reshape(-1)
        centres = flat[grid(step)].clone()
        samples = flat[grid(max(1, stride))]
        support = torch.zeros(len(centres))
        for _ in range(iterations):
            inside = (torch.cdist(centres, samples, p=1) <= kernel * delta_v).float()
            support = inside.sum(1)
            moved = inside @ samples / support.clamp(min=1)[:, None]
            centres = torch.where(support[:, None] > 0, moved, centres)
        order = [i for i in torch.argsort(-support, stable=True).tolist() if support[i] >= max(1, min_support)]
        kept = []
        for i in order:
            if all((centres[i] - k).abs().sum() >= fuse * delta_v for k in kept):
                kept.append(centres[i])
        labels = torch.full((h * w,), -1.0)
        if kept:
            d, idx = torch.cdist(flat, torch.stack(kept), p=1).min(1)
            labels = torch.where((d <= assign * delta_v) & (idx < max_regions), idx.float(), labels)
        out.append(labels.reshape(1, h, w))
    return torch.stack(out)


def region_pool(x, labels, regions=80):
    """Labelled pixels replaced by their region's mean (per image); unlabelled keep their value."""
    b, c, h, w = x.shape
    ids = labels.reshape(b, -1).long()
    seg = torch.where(ids >= 0, ids + torch.arange(b)[:, None] * regions, torch.full_like(ids, b * regions)).reshape(-1)
    flat = x.permute(0, 2, 3, 1).reshape(-1, c)
    sums = torch.zeros(b * regions + 1, c).index_add(0, seg, flat)
    counts = torch.zeros(b * regions + 1).index_add(0, seg, torch.ones(len(seg)))
    pooled = torch.where((seg < b * regions)[:, None], (sums / counts.clamp(min=1)[:, None])[seg], flat)
    return pooled.reshape(b, h, w, c).permute(0, 3, 1, 2)


class RegionSupportTwin(nn.Module):
    def __init__(self, blocks=(4, 10, 5, 5), ch=(32, 64, 128, 128), fractions=(8, 20, 80, 240), dec=(64, 32),
                 cluster=(32, 32, 32), emb=16, depth=(32, 32, 32, 32, 16, 8), refine=(32, 32, 16, 8), prior=20.0):
        super().__init__()
        c1, c2, c3, c4 = ch
        self.fractions = fractions
        self.delta_v = 0.16
        self.stem = ConvUnit(3, c1)
        self.stages = nn.ModuleList([stage(c1, c1, blocks[0], 1), stage(c1, c2, blocks[1], 2), stage(c2, c3, blocks[2], 2), stage(c3, c4, blocks[3], 1)])
        self.spp = nn.ModuleList([ConvUnit(c4, c4 // 4, k=1) for _ in fractions])
        self.deconv1 = DeconvUnit(c4 + len(fractions) * (c4 // 4), c2, dec[0])
        self.deconv2 = DeconvUnit(dec[0], c1, dec[1])
        shared = dec[1]
        convs, cin = [], shared + 2
        for f in cluster:
            convs.append(ConvUnit(cin, f))
            cin = f
        convs.append(ConvUnit(cin, emb))
        self.cluster = nn.Sequential(*convs)
        res, cin = [], shared + 1
        for f in depth[:4]:
            res.append(BasicBlock(cin, f, 1))
            cin = f
        self.depth = nn.Sequential(*res, ConvUnit(cin, depth[4]), ConvUnit(depth[4], depth[5]), nn.ReplicationPad2d(1), nn.Conv2d(depth[5], 1, 3))
        nn.init.constant_(self.depth[-1].bias, math.log(prior))
        self.variance = self.refinement(1 + 2 * shared, refine)
        self.target = self.refinement(1 + 2 * shared, refine)

    @staticmethod
    def refinement(cin, widths):
        layers = []
        for i, f in enumerate(widths):
            layers.append(ConvUnit(cin, f, k=3 if i < 2 else 1))
            cin = f
        layers.append(ConvUnit(cin, 1, k=1, norm=False))
        return nn.Sequential(*layers)

    def forward(self, x):
        h, w = x.shape[2:]
        s1 = self.stages[0](self.stem(x))
        s2 = self.stages[1](s1)
        s4 = self.stages[3](self.stages[2](s2))
        branches = []
        for k, conv in zip(self.fractions, self.spp):
            pooled = F.adaptive_avg_pool2d(s4, (max(1, round(h / k)), max(1, round(w / k))))
            branches.append(F.interpolate(conv(pooled), size=s4.shape[2:], mode="nearest"))
        shared = self.deconv2(self.deconv1(torch.cat([s4] + branches, 1), s2), s1)
        b = x.shape[0]
        ys = (torch.arange(h) + 0.5) / h * 2 - 1
        xs = (torch.arange(w) + 0.5) / w * 2 - 1
        loc = torch.stack([xs[None, :].expand(h, w), ys[:, None].expand(h, w)])[None].expand(b, 2, h, w)
        embedding = self.cluster(torch.cat([shared, loc], 1))
        regions = mean_shift(embedding, self.delta_v)
        channel = torch.where(regions >= 0, (regions + 1) / 80, torch.zeros_like(regions))
        initial = self.depth(torch.cat([shared, channel], 1))
        regional = region_pool(initial, regions)
        regional_feature = region_pool(shared, regions)
        variance = regional + self.variance(torch.cat([regional, shared, regional_feature], 1))
        target = initial + self.target(torch.cat([initial, regional_feature, shared], 1))
        return (variance + target) / 2


def build():
    return RegionSupportTwin()
