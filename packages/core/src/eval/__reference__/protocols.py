"""Independent numpy reference for every named evaluation protocol (issue 21).

Each function below is written from the protocol's public evaluation code, not from depthkit's
TypeScript: array dtypes follow the originals (float32 everywhere the originals hold float32,
so delta's ratio is float32); per-pixel terms are then summed in float64 (the originals sum in
float32; the difference is well below the 1e-6 the tests allow).

  bts            cleinc/bts utils/eval_with_pngs.py eval() / compute_errors()
  legacy         depthkit's own names (kitti-garg, nyu, ...): BTS with delta in float64
  monodepth2     nianticlabs/monodepth2 evaluate_depth.py evaluate() (+/- median scaling)
  adabins        shariqfarooq123/AdaBins evaluate.py eval() (no clamp: only inf/nan replaced)
  zoedepth       isl-org/ZoeDepth zoedepth/utils/misc.py compute_metrics()
  dav2           DepthAnything/Depth-Anything-V2 metric_depth/train.py + util/metric.py eval_depth()
  unidepth       lpiccinelli-eth/UniDepth unidepth/utils/evaluation_depth.py eval_depth()
  devkit         KITTI depth devkit evaluate_depth.cpp depthError() + io_depth.h interpolateBackground()

Usage: protocols.py MANIFEST.json -> JSON {protocol: [per-image result or null]}.
Manifest: {"images": [{"gt", "pred", "height", "width", "predHeight", "predWidth"}], "protocols": [names]}
Files are raw little-endian float32, row-major, relative to the manifest.
"""
import json
import math
import os
import sys

import numpy as np

GARG = ((0.40810811, 0.99189189), (0.03594771, 0.96405229))
EIGEN_KITTI = ((0.3324324, 0.91351351), (0.03594771, 0.96405229))
EIGEN_NYU = (45, 471, 41, 601)
CAPS = {'kitti': (1e-3, 80.0), 'nyu': (1e-3, 10.0)}


def crop_mask(shape, crop):
    h, w = shape
    mask = np.zeros(shape, dtype=bool)
    if crop is None:
        mask[:, :] = True
    elif crop == 'nyu':
        t, b, l, r = EIGEN_NYU
        mask[t:b, l:r] = True
    else:
        (r0, r1), (c0, c1) = crop
        mask[int(r0 * h):int(r1 * h), int(c0 * w):int(c1 * w)] = True
    return mask


def resize(pred, shape, rule):
    """Bilinear (half-pixel or align-corners) with float64 weights; float32 out."""
    ih, iw = pred.shape
    oh, ow = shape
    if (ih, iw) == (oh, ow):
        return pred
    if rule == 'none':
        raise ValueError('size mismatch')

    def axis(n_in, n_out):
        o = np.arange(n_out, dtype=np.float64)
        if rule == 'align':
            s = o * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
        else:
            s = np.maximum((o + 0.5) * (n_in / n_out) - 0.5, 0.0)
        i0 = np.minimum(np.floor(s).astype(np.int64), n_in - 1)
        i1 = np.minimum(i0 + 1, n_in - 1)
        f = np.where(i0 == n_in - 1, 0.0, s - i0)
        return i0, i1, f

    y0, y1, fy = axis(ih, oh)
    x0, x1, fx = axis(iw, ow)
    p = pred.astype(np.float64)
    top = p[y0][:, x0] + (p[y0][:, x1] - p[y0][:, x0]) * fx[None, :]
    bottom = p[y1][:, x0] + (p[y1][:, x1] - p[y1][:, x0]) * fx[None, :]
    return (top + (bottom - top) * fy[:, None]).astype(np.float32)


def errors(gt, pred, silog='bts', sqrel='gt', delta32=True):
    """compute_errors on the selected float32 pixels."""
    with np.errstate(divide='ignore', invalid='ignore'):
        if delta32:
            thresh = np.maximum(gt / pred, pred / gt)  # float32 arrays -> float32 ratio
        else:
            g64, p64 = gt.astype(np.float64), pred.astype(np.float64)
            thresh = np.maximum(g64 / p64, p64 / g64)
        g = gt.astype(np.float64)
        p = pred.astype(np.float64)
        d = np.log(p) - np.log(g)
        n = g.size
        if silog == 'bts':
            s = 100 * math.sqrt(max(np.mean(d ** 2) - np.mean(d) ** 2, 0.0)) if np.all(np.isfinite(d)) else float('nan')
        elif silog == 'dav2':
            s = math.sqrt(max(np.mean(d ** 2) - 0.5 * np.mean(d) ** 2, 0.0)) if np.all(np.isfinite(d)) else float('nan')
        elif silog == 'unidepth':
            s = (100 * float(np.std(d, ddof=1)) if n > 1 else 0.0) if np.all(np.isfinite(d)) else float('nan')
        sq = (g - p) ** 2
        return {
            'abs_rel': float(np.mean(np.abs(g - p) / g)),
            'sq_rel': float(np.mean(sq / (g * g) if sqrel == 'gt2' else sq / g)),
            'rmse': float(np.sqrt(np.mean(sq))),
            'rmse_log': float(np.sqrt(np.mean(d ** 2))),
            'log10': float(np.mean(np.abs(np.log10(p) - np.log10(g)))),
            'silog': float(s),
            'irmse': float(np.sqrt(np.mean((1000.0 / g - 1000.0 / p) ** 2))),
            'mae': float(np.mean(np.abs(g - p))),
            'd1': float(np.mean(thresh < 1.25)),
            'd2': float(np.mean(thresh < 1.25 ** 2)),
            'd3': float(np.mean(thresh < 1.25 ** 3)),
            'validPixels': int(n),
        }


def f32(x):
    return np.float32(x)


def bts_like(gt, pred, dataset, crop, resize_rule, clamp=True, replace=True, delta32=True):
    lo, hi = CAPS[dataset]
    pred = resize(pred, gt.shape, resize_rule).copy()
    if clamp:
        pred[pred < f32(lo)] = f32(lo)
        pred[pred > f32(hi)] = f32(hi)
    if replace:
        pred[np.isinf(pred)] = f32(hi)
        pred[np.isnan(pred)] = f32(lo)
    valid = (gt > f32(lo)) & (gt < f32(hi)) & crop_mask(gt.shape, crop)
    if valid.sum() == 0:
        return None
    return errors(gt[valid], pred[valid], delta32=delta32)


def monodepth2(gt, pred, median):
    lo, hi = CAPS['kitti']
    pred = resize(pred, gt.shape, 'half')
    mask = (gt > f32(lo)) & (gt < f32(hi)) & crop_mask(gt.shape, GARG)
    g = gt[mask]
    p = pred[mask]
    if g.size == 0:
        return None
    ratio = None
    if median:
        ratio = np.median(g) / np.median(p)  # float32
        p = p * ratio
    p = p.copy()
    p[p < f32(lo)] = f32(lo)
    p[p > f32(hi)] = f32(hi)
    out = errors(g, p)
    if ratio is not None:
        out['ratio'] = float(ratio)
    return out


def dav2(gt, pred, dataset):
    lo, hi = CAPS[dataset]
    pred = resize(pred, gt.shape, 'align')
    valid = (gt > 0) & (gt >= f32(lo)) & (gt <= f32(hi))
    if valid.sum() < 10:
        return None
    return errors(gt[valid], pred[valid], silog='dav2')


def unidepth(gt, pred, dataset):
    lo, hi = CAPS[dataset]
    pred = resize(pred, gt.shape, 'half')
    mask = (gt > f32(lo)) & (gt <= f32(hi))
    if mask.sum() == 0:
        return None
    return errors(gt[mask], pred[mask], silog='unidepth')


def interpolate_background(d):
    """io_depth.h interpolateBackground, loop for loop; holes are values <= 0."""
    d = d.copy()
    h, w = d.shape
    valid = lambda v: v > 0
    for v in range(h):
        count = 0
        for u in range(w):
            if valid(d[v, u]):
                if count >= 1:
                    u1, u2 = u - count, u - 1
                    if u1 > 0 and u2 < w - 1:
                        d[v, u1:u2 + 1] = min(d[v, u1 - 1], d[v, u2 + 1])
                count = 0
            else:
                count += 1
        for u in range(w):
            if valid(d[v, u]):
                d[v, :u] = d[v, u]
                break
        for u in range(w - 1, -1, -1):
            if valid(d[v, u]):
                d[v, u + 1:] = d[v, u]
                break
    for u in range(w):
        for v in range(h):
            if valid(d[v, u]):
                d[:v, u] = d[v, u]
                break
        for v in range(h - 1, -1, -1):
            if valid(d[v, u]):
                d[v + 1:, u] = d[v, u]
                break
    return d


def devkit(gt, pred):
    if pred.shape != gt.shape:
        raise ValueError('size mismatch')
    pred = interpolate_background(pred)
    valid = gt > 0
    if valid.sum() == 0:
        return None
    return errors(gt[valid], pred[valid], sqrel='gt2')


PROTOCOLS = {
    'kitti-garg': lambda g, p: bts_like(g, p, 'kitti', GARG, 'half', delta32=False),
    'kitti-eigen': lambda g, p: bts_like(g, p, 'kitti', EIGEN_KITTI, 'half', delta32=False),
    'kitti-none': lambda g, p: bts_like(g, p, 'kitti', None, 'half', delta32=False),
    'nyu': lambda g, p: bts_like(g, p, 'nyu', 'nyu', 'half', delta32=False),
    'nyu-none': lambda g, p: bts_like(g, p, 'nyu', None, 'half', delta32=False),
    'bts-kitti': lambda g, p: bts_like(g, p, 'kitti', GARG, 'half'),
    'bts-nyu': lambda g, p: bts_like(g, p, 'nyu', 'nyu', 'half'),
    'monodepth2-eigen': lambda g, p: monodepth2(g, p, True),
    'monodepth2-eigen-no-median': lambda g, p: monodepth2(g, p, False),
    'adabins-kitti': lambda g, p: bts_like(g, p, 'kitti', GARG, 'align', clamp=False),
    'adabins-nyu': lambda g, p: bts_like(g, p, 'nyu', 'nyu', 'align', clamp=False),
    'zoedepth-kitti': lambda g, p: bts_like(g, p, 'kitti', GARG, 'align'),
    'zoedepth-nyu': lambda g, p: bts_like(g, p, 'nyu', 'nyu', 'align'),
    'depth-anything-v2-kitti': lambda g, p: dav2(g, p, 'kitti'),
    'depth-anything-v2-nyu': lambda g, p: dav2(g, p, 'nyu'),
    'unidepth-kitti': lambda g, p: unidepth(g, p, 'kitti'),
    'unidepth-nyu': lambda g, p: unidepth(g, p, 'nyu'),
    'kitti-benchmark': devkit,
}


def main():
    manifest_path = sys.argv[1]
    base = os.path.dirname(os.path.abspath(manifest_path))
    with open(manifest_path) as f:
        manifest = json.load(f)
    images = []
    for im in manifest['images']:
        gt = np.fromfile(os.path.join(base, im['gt']), dtype='<f4').reshape(im['height'], im['width'])
        pred = np.fromfile(os.path.join(base, im['pred']), dtype='<f4').reshape(im['predHeight'], im['predWidth'])
        images.append((gt, pred))
    out = {}
    for name in manifest['protocols']:
        results = []
        for gt, pred in images:
            try:
                results.append(PROTOCOLS[name](gt, pred))
            except ValueError as e:
                results.append({'error': str(e)})
        out[name] = results
    print(json.dumps(clean(out)))


def clean(obj):
    """NaN and +/-inf are not JSON: encode them as the strings 'NaN', 'Infinity', '-Infinity'."""
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [clean(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return 'NaN' if obj != obj else ('Infinity' if obj > 0 else '-Infinity')
    return obj


if __name__ == '__main__':
    main()
