"""numpy + PIL reference for `pnpm bench:eval`: the BTS protocol as bts_eval.py writes it.

Reads every 16-bit PNG under GT_DIR and the PNG of the same relative path under PRED_DIR
(PIL, value / depth_scale, float32), clamps the prediction (pred < min -> min, > max -> max,
inf -> max, nan -> min), keeps min < gt < max inside the crop, and computes BTS compute_errors
on float32 arrays exactly as BTS does, plus irmse (1/km) and mae. Per-image metrics are
averaged over images; images without a valid pixel are skipped and counted.

Dataset facts (caps, scale, crop) come from the caller, which reads depthkit's dataset specs.
Prints JSON: {"images", "skipped", "seconds", "cpuSeconds", "metrics"}; the times cover listing,
decoding and scoring, not interpreter start-up.
"""
import argparse
import json
import os
import time

import numpy as np
from PIL import Image

NAMES = ['abs_rel', 'sq_rel', 'rmse', 'rmse_log', 'log10', 'silog', 'irmse', 'mae', 'd1', 'd2', 'd3']


def compute_errors(gt, pred):
    thresh = np.maximum((gt / pred), (pred / gt))
    d1 = (thresh < 1.25).mean()
    d2 = (thresh < 1.25 ** 2).mean()
    d3 = (thresh < 1.25 ** 3).mean()
    rmse = np.sqrt(((gt - pred) ** 2).mean())
    rmse_log = np.sqrt(((np.log(gt) - np.log(pred)) ** 2).mean())
    abs_rel = np.mean(np.abs(gt - pred) / gt)
    sq_rel = np.mean(((gt - pred) ** 2) / gt)
    err = np.log(pred) - np.log(gt)
    silog = np.sqrt(np.mean(err ** 2) - np.mean(err) ** 2) * 100
    log10 = np.mean(np.abs(np.log10(pred) - np.log10(gt)))
    irmse = np.sqrt(np.mean((1000.0 / gt - 1000.0 / pred) ** 2))
    mae = np.mean(np.abs(gt - pred))
    return [abs_rel, sq_rel, rmse, rmse_log, log10, silog, irmse, mae, d1, d2, d3]


def read_depth(path, scale):
    return np.asarray(Image.open(path), dtype=np.float32) / scale


def list_pngs(root):
    found = []
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            if name.endswith('.png'):
                found.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(found)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('gt_dir')
    parser.add_argument('pred_dir')
    parser.add_argument('--min', type=float, required=True)
    parser.add_argument('--max', type=float, required=True)
    parser.add_argument('--depth-scale', type=float, required=True)
    parser.add_argument('--crop-fraction', type=float, nargs=4, metavar=('R0', 'R1', 'C0', 'C1'))
    args = parser.parse_args()

    start = time.perf_counter()
    cpu_start = time.process_time()
    sums = np.zeros(len(NAMES), dtype=np.float64)
    images = skipped = 0
    for rel in list_pngs(args.gt_dir):
        gt = read_depth(os.path.join(args.gt_dir, rel), args.depth_scale)
        pred = read_depth(os.path.join(args.pred_dir, rel), args.depth_scale)
        pred[pred < args.min] = args.min
        pred[pred > args.max] = args.max
        pred[np.isinf(pred)] = args.max
        pred[np.isnan(pred)] = args.min
        valid = np.logical_and(gt > args.min, gt < args.max)
        if args.crop_fraction:
            r0, r1, c0, c1 = args.crop_fraction
            h, w = gt.shape
            crop = np.zeros(valid.shape, dtype=bool)
            crop[int(r0 * h):int(r1 * h), int(c0 * w):int(c1 * w)] = True
            valid = np.logical_and(valid, crop)
        if not valid.any():
            skipped += 1
            continue
        sums += np.array(compute_errors(gt[valid], pred[valid]), dtype=np.float64)
        images += 1
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    metrics = {name: float(v) for name, v in zip(NAMES, sums / max(images, 1))}
    print(json.dumps({'images': images, 'skipped': skipped, 'seconds': seconds, 'cpuSeconds': cpu_seconds, 'metrics': metrics}))


if __name__ == '__main__':
    main()
