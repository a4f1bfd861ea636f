"""PyTorch twin of @depthkit/deeplab-sid (perf harness only)."""
import torch.nn as nn
import torch.nn.functional as F


class DeeplabSidTwin(nn.Module):
    """PyTorch twin of @depthkit/deeplab-sid's `kitti` network (same layers, same parameter count).

    torchvision ResNet-101 with replace_stride_with_dilation=[False, True, True] (output stride 8:
    res4 dilation 2, res5 dilation 4; no fc) → DeepLab v2 ASPP-L: one 3x3 conv with bias per rate
    (6, 12, 18, 24), 2048 → K = 71 logits each, summed → bilinear up-sampling (align_corners=False)
    of the logits to the input size.
    """

    def __init__(self, bins=71, rates=(6, 12, 18, 24)):
        super().__init__()
        import torchvision
        r = torchvision.models.resnet101(replace_stride_with_dilation=[False, True, True])
        self.features = nn.Sequential(r.conv1, r.bn1, r.relu, r.maxpool, r.layer1, r.layer2, r.layer3, r.layer4)
        self.aspp = nn.ModuleList([nn.Conv2d(2048, bins, 3, padding=d, dilation=d, bias=True) for d in rates])

    def forward(self, x):
        f = self.features(x)
        logits = sum(branch(f) for branch in self.aspp)
        return F.interpolate(logits, size=x.shape[2:], mode="bilinear", align_corners=False)


def build():
    return DeeplabSidTwin()
