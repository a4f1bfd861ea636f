// Bilinear resize of NHWC images and its adjoint, with tfjs's three coordinate conventions
// (legacy, align-corners, half-pixel). oneDNN's resampling knows only half-pixel, so these are
// plain OpenMP loops with tfjs's arithmetic.
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

struct Taps {
  std::vector<int64_t> lo, hi;
  std::vector<float> frac;
};

// The source coordinates tfjs's ResizeBilinear computes for each output row or column.
Taps sourceTaps(int64_t in, int64_t out, bool alignCorners, bool halfPixel) {
  double ratio = alignCorners && out > 1 ? static_cast<double>(in - 1) / (out - 1) : static_cast<double>(in) / out;
  Taps t{std::vector<int64_t>(out), std::vector<int64_t>(out), std::vector<float>(out)};
  for (int64_t o = 0; o < out; o++) {
    double src = halfPixel ? ratio * (o + 0.5) - 0.5 : ratio * o;
    t.lo[o] = std::max<int64_t>(0, static_cast<int64_t>(std::floor(src)));
    t.hi[o] = std::min<int64_t>(in - 1, static_cast<int64_t>(std::ceil(src)));
    t.frac[o] = static_cast<float>(src - t.lo[o]);
  }
  return t;
}

struct ResizeShape {
  int64_t n, ih, iw, c, oh, ow;
  bool alignCorners, halfPixel;
};

ResizeShape parseShape(const Args& args, size_t i, size_t flags) {
  auto d = args.ints(i, 6, "shape [n, ih, iw, c, oh, ow]");
  volume(args, {d[0], d[1], d[2], d[3]}, "input shape");
  volume(args, {d[0], d[4], d[5], d[3]}, "output shape");
  auto f = args.ints(flags, 2, "[alignCorners, halfPixelCenters]");
  return {d[0], d[1], d[2], d[3], d[4], d[5], f[0] != 0, f[1] != 0};
}

}  // namespace

// resizeBilinear(x, y, [n, ih, iw, c, oh, ow], [alignCorners, halfPixelCenters])
Napi::Value ResizeBilinearFn(const Napi::CallbackInfo& info) {
  return guarded(info, "resizeBilinear", [&]() -> Napi::Value {
    Args args(info, "resizeBilinear", 4);
    ResizeShape s = parseShape(args, 2, 3);
    const float* x = args.floats(0, s.n * s.ih * s.iw * s.c, "x");
    float* y = args.floats(1, s.n * s.oh * s.ow * s.c, "y");
    Taps rows = sourceTaps(s.ih, s.oh, s.alignCorners, s.halfPixel);
    Taps cols = sourceTaps(s.iw, s.ow, s.alignCorners, s.halfPixel);
    const int64_t c = s.c;
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t b = 0; b < s.n; b++) {
      for (int64_t r = 0; r < s.oh; r++) {
        const float* top = x + ((b * s.ih + rows.lo[r]) * s.iw) * c;
        const float* bottom = x + ((b * s.ih + rows.hi[r]) * s.iw) * c;
        const float rf = rows.frac[r];
        float* out = y + ((b * s.oh + r) * s.ow) * c;
        for (int64_t q = 0; q < s.ow; q++) {
          const int64_t l = cols.lo[q] * c, h = cols.hi[q] * c;
          const float cf = cols.frac[q];
          for (int64_t ch = 0; ch < c; ch++) {
            float t = top[l + ch] + (top[h + ch] - top[l + ch]) * cf;
            float u = bottom[l + ch] + (bottom[h + ch] - bottom[l + ch]) * cf;
            out[q * c + ch] = t + (u - t) * rf;
          }
        }
      }
    }
    return info.Env().Undefined();
  });
}

// resizeBilinearGrad(dy, dx, [n, ih, iw, c, oh, ow], [alignCorners, halfPixelCenters])
Napi::Value ResizeBilinearGradFn(const Napi::CallbackInfo& info) {
  return guarded(info, "resizeBilinearGrad", [&]() -> Napi::Value {
    Args args(info, "resizeBilinearGrad", 4);
    ResizeShape s = parseShape(args, 2, 3);
    const float* dy = args.floats(0, s.n * s.oh * s.ow * s.c, "dy");
    float* dx = args.floats(1, s.n * s.ih * s.iw * s.c, "dx");
    Taps rows = sourceTaps(s.ih, s.oh, s.alignCorners, s.halfPixel);
    Taps cols = sourceTaps(s.iw, s.ow, s.alignCorners, s.halfPixel);
    const int64_t c = s.c, rowLength = s.iw * s.c;
    // Gather form of the adjoint: each input row sums the output rows that read it (at most a
    // few), folding their columns straight into the row. Threads own whole input rows, so no
    // two write one element and no temporary is needed.
    std::vector<std::vector<std::pair<int64_t, float>>> readers(static_cast<size_t>(s.ih));
    for (int64_t r = 0; r < s.oh; r++) {
      readers[rows.lo[r]].emplace_back(r, 1.f - rows.frac[r]);
      readers[rows.hi[r]].emplace_back(r, rows.frac[r]);
    }
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t b = 0; b < s.n; b++) {
      for (int64_t i = 0; i < s.ih; i++) {
        float* out = dx + (b * s.ih + i) * rowLength;
        std::memset(out, 0, sizeof(float) * rowLength);
        for (const auto& [r, weight] : readers[i]) {
          const float* g = dy + (b * s.oh + r) * s.ow * c;
          for (int64_t q = 0; q < s.ow; q++) {
            const float cf = cols.frac[q];
            float* lo = out + cols.lo[q] * c;
            float* hi = out + cols.hi[q] * c;
            for (int64_t ch = 0; ch < c; ch++) {
              const float v = g[q * c + ch] * weight;
              lo[ch] += v * (1 - cf);
              hi[ch] += v * cf;
            }
          }
        }
      }
    }
    return info.Env().Undefined();
  });
}

}  // namespace dk
