"""Independent numpy reference for depthkit's metric suite and evaluation protocol.

Written from the published reference code, not from depthkit's TypeScript:
  - metrics: BTS `compute_errors` (cleinc/bts, pytorch/bts_eval.py), plus irmse/mae as the KITTI
    devkit defines them and the four SILog conventions depthkit names;
  - protocol: bts_eval.py (KB paste into zeros, strict caps on gt, pred clamp, inf -> max,
    nan -> min, Garg/Eigen crops as int() bounds) and monodepth2 evaluate_depth.py (fixed scale,
    then median scaling on the masked pixels, then clamp).

Inputs stay float32 through masking, scaling and clamping, as in those scripts; the metrics are
then computed in float64 (depthkit sums in float64; the references sum in float32, which only
adds rounding noise).

Usage: compute_errors.py MANIFEST.json  ->  JSON on stdout, one entry per case.
Manifest: {"cases": [{"name", "height", "width", "gt": file, "pred": file,
           "predHeight"?, "predWidth"?, "min", "max", "crop": null | [top, bottom, left, right]
           | {"fraction": [[r0, r1], [c0, c1]]}, "kbCrop"?: bool, "scale"?: float,
           "medianScaling"?: bool}]}
Files are raw little-endian float32, row-major. Paths are relative to the manifest.
"""
import json
import os
import sys

import numpy as np


def compute_errors(gt, pred):
    gt = gt.astype(np.float64)
    pred = pred.astype(np.float64)
    thresh = np.maximum(gt / pred, pred / gt)
    err = np.log(pred) - np.log(gt)
    var = np.mean(err ** 2) - np.mean(err) ** 2
    return {
        'abs_rel': float(np.mean(np.abs(gt - pred) / gt)),
        'sq_rel': float(np.mean((gt - pred) ** 2 / gt)),
        'rmse': float(np.sqrt(np.mean((gt - pred) ** 2))),
        'rmse_log': float(np.sqrt(np.mean((np.log(gt) - np.log(pred)) ** 2))),
        'log10': float(np.mean(np.abs(np.log10(pred) - np.log10(gt)))),
        'irmse': float(np.sqrt(np.mean((1000.0 / gt - 1000.0 / pred) ** 2))),
        'mae': float(np.mean(np.abs(gt - pred))),
        'd1': float(np.mean(thresh < 1.25)),
        'd2': float(np.mean(thresh < 1.25 ** 2)),
        'd3': float(np.mean(thresh < 1.25 ** 3)),
        'silog': {
            'bts': float(np.sqrt(max(var, 0.0)) * 100),
            'kitti-benchmark': float(np.sqrt(max(var, 0.0)) * 100),
            'depth-anything-v2': float(np.sqrt(max(np.mean(err ** 2) - 0.5 * np.mean(err) ** 2, 0.0))),
            'unidepth': float(100 * np.std(err, ddof=1)) if err.size > 1 else 0.0,
        },
    }


def crop_mask(shape, crop):
    h, w = shape
    mask = np.zeros(shape, dtype=bool)
    if crop is None:
        mask[:, :] = True
    elif isinstance(crop, dict):
        (r0, r1), (c0, c1) = crop['fraction']
        mask[int(r0 * h):int(r1 * h), int(c0 * w):int(c1 * w)] = True
    else:
        top, bottom, left, right = crop
        mask[top:bottom, left:right] = True
    return mask


def evaluate_case(base, case):
    h, w = case['height'], case['width']
    ph, pw = case.get('predHeight', h), case.get('predWidth', w)
    gt = np.fromfile(os.path.join(base, case['gt']), dtype='<f4').reshape(h, w)
    pred = np.fromfile(os.path.join(base, case['pred']), dtype='<f4').reshape(ph, pw).copy()
    lo, hi = case['min'], case['max']

    if case.get('kbCrop'):
        top, left = int(h - 352), int((w - 1216) / 2)
        pasted = np.zeros((h, w), dtype=np.float32)
        pasted[top:top + 352, left:left + 1216] = pred
        pred = pasted

    non_finite = int(np.count_nonzero(~np.isfinite(pred)))
    pred[np.isnan(pred)] = lo
    pred[np.isposinf(pred)] = hi
    pred[np.isneginf(pred)] = lo

    valid = np.logical_and(gt > lo, gt < hi) & crop_mask(gt.shape, case.get('crop'))
    g = gt[valid]
    p = pred[valid]
    if g.size == 0:
        return {'validPixels': 0, 'nonFinite': non_finite}
    if case.get('scale', 1.0) != 1.0:
        p = p * np.float32(case['scale'])
    ratio = None
    if case.get('medianScaling'):
        ratio = np.median(g) / np.median(p)
        p = p * ratio
    p = p.copy()
    p[p < lo] = lo
    p[p > hi] = hi
    out = compute_errors(g, p)
    out['validPixels'] = int(g.size)
    out['nonFinite'] = non_finite
    if ratio is not None:
        out['ratio'] = float(ratio)
    return out


def main():
    manifest_path = sys.argv[1]
    base = os.path.dirname(os.path.abspath(manifest_path))
    with open(manifest_path) as f:
        manifest = json.load(f)
    results = {case['name']: evaluate_case(base, case) for case in manifest['cases']}
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
