"""torchvision's twin of a depthkit backbone, for the parity test.

Builds torchvision.models.<arch>(weights=None) with torch.manual_seed(0), gives every BatchNorm
realistic but non-trivial running statistics and affine parameters, and writes
  weights.safetensors  the state_dict (what `depthkit import-weights` reads)
  io.safetensors       the input (NCHW) and each tap's output (NCHW), eval mode
and prints {"params": sum(p.numel()) without the classifier head, "taps": [...]}.
safetensors is written by hand: the `safetensors` package is not a dependency.
"""
import argparse
import json
import os

import numpy as np
import torch
import torchvision

TORCHVISION_NAMES = {"resnext50": "resnext50_32x4d"}


def write_safetensors(path, tensors, metadata=None):
    dtypes = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}
    header = {"__metadata__": metadata} if metadata else {}
    blobs, offset = [], 0
    for name, array in tensors.items():
        array = np.ascontiguousarray(array)
        blob = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtypes[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * ((8 - (len(text) + 8) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(len(text).to_bytes(8, "little"))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def build(arch, dilation):
    kwargs = {"weights": None}
    if dilation != [False, False, False]:
        kwargs["replace_stride_with_dilation"] = dilation
    return getattr(torchvision.models, TORCHVISION_NAMES.get(arch, arch))(**kwargs)


def calibrate_batch_norms(model, size):
    """Running statistics from a train-mode pass, then perturbed: they matter and stay O(1)."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for bn in bns:
        bn.momentum = None  # cumulative average: one batch sets the statistics
    model.train()
    with torch.no_grad():
        model(torch.randn(2, 3, size, size))
        for bn in bns:
            c = bn.num_features
            bn.running_mean.add_(0.1 * torch.randn(c))
            bn.running_var.mul_(torch.empty(c).uniform_(0.7, 1.3))
            bn.weight.copy_(torch.empty(c).uniform_(0.6, 1.4))
            bn.bias.copy_(0.1 * torch.randn(c))
    model.eval()


def taps(model, arch, x):
    if arch.startswith("densenet"):
        wanted = {"relu0", "pool0", "transition1", "transition2", "norm5"}
        out = {}
        for name, module in model.features.named_children():
            x = module(x)
            if name in wanted:
                out[name] = x
        return out
    out = {}
    x = model.relu(model.bn1(model.conv1(x)))
    out["relu"] = x
    x = model.maxpool(x)
    for i in range(1, 5):
        x = getattr(model, f"layer{i}")(x)
        out[f"layer{i}"] = x
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", required=True)
    parser.add_argument("--dilation", default="0,0,0", help="replace_stride_with_dilation as 0/1 flags")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(2)
    model = build(args.arch, [flag == "1" for flag in args.dilation.split(",")])
    calibrate_batch_norms(model, args.size)
    state = {k: v.numpy() for k, v in model.state_dict().items()}
    write_safetensors(os.path.join(args.out, "weights.safetensors"), state)
    x = torch.randn(1, 3, args.size, args.size)
    with torch.no_grad():
        outputs = taps(model, args.arch, x)
    write_safetensors(os.path.join(args.out, "io.safetensors"), {"input": x.numpy(), **{k: v.numpy() for k, v in outputs.items()}})
    head = ("fc.", "classifier.")
    params = sum(p.numel() for k, p in model.named_parameters() if not k.startswith(head))
    print(json.dumps({"params": params, "taps": list(outputs)}))


if __name__ == "__main__":
    main()
