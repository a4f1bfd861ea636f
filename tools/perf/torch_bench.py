"""PyTorch side of `pnpm bench:perf`: times the twin of each tfjs perf case on CPU.

Called by run.ts with `--case NAME`; prints one JSON object. Debian's python3-torch only;
never imported by depthkit at run time.
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import twins


def median_ms(fn, repeats, warmups):
    for _ in range(warmups):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--input", required=True, help="NCHW input shape, e.g. 2,3,352,704")
    parser.add_argument("--target", required=True, help="NCHW target shape")
    parser.add_argument("--modes", default="forward,train")
    args = parser.parse_args()
    shape = lambda text: tuple(int(v) for v in text.split(","))
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    model = twins.build_model(args.case)
    inputs, target = torch.randn(*shape(args.input)), torch.randn(*shape(args.target))
    modes = args.modes.split(",")
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)

    model.eval()

    def forward():
        with torch.no_grad():
            model(inputs)

    forward_ms = median_ms(forward, args.repeats, args.warmups) if "forward" in modes else None

    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.l1_loss(model(inputs), target)
        loss.backward()
        optimizer.step()
        loss.item()

    train_ms = median_ms(train_step, args.repeats, args.warmups) if "train" in modes else None
    print(json.dumps({
        "case": args.case,
        "params": params,
        "forwardMs": forward_ms,
        "trainStepMs": train_ms,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        # Linux reports ru_maxrss in KiB: the process's peak resident set (VmHWM).
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
