// Training-mode batch normalisation over N·H·W per channel (NHWC) and its closed-form backward
// dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂)), the formula of depthkit's batchNormTraining.
// Plain OpenMP passes over rows of C channels: oneDNN 2.6's nhwc batch norm measured 4–6× slower
// than a memory pass here. Statistics are accumulated in double per thread, then combined.
#include <cmath>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

struct NormShape {
  int64_t rows, c;
};

NormShape parseShape(const Args& args, size_t i) {
  auto d = args.ints(i, 4, "shape [n, h, w, c]");
  volume(args, d, "shape");
  return {d[0] * d[1] * d[2], d[3]};
}

// A batch-norm kernel's call: its buffers first, then the shape [n, h, w, c] and epsilon, so
// every buffer is checked against the shape before a kernel reads it.
struct NormCall {
  NormCall(const Napi::CallbackInfo& info, const char* fn, size_t count)
      : args(info, fn, count), shape(parseShape(args, count - 2)), epsilon(args.number(count - 1, "epsilon")) {
    if (epsilon < 0) args.fail("epsilon must be >= 0");
  }
  // A buffer with one value per element of x, or one per channel (optionally absent).
  float* elements(size_t i, const char* what) const { return args.floats(i, shape.rows * shape.c, what); }
  float* channels(size_t i, const char* what) const { return args.floats(i, shape.c, what); }
  float* optionalChannels(size_t i, const char* what) const { return args.optionalFloats(i, shape.c, what); }

  const Args args;
  const NormShape shape;
  const double epsilon;
};

// Per-channel sums of f(row, channel) pairs over all rows, accumulated per thread in double.
template <class Body>
void channelSums(const NormShape& s, std::vector<double>& a, std::vector<double>& b, Body body) {
  const int threads = threadCount();
  std::vector<double> partial(static_cast<size_t>(threads) * 2 * s.c, 0.0);
#pragma omp parallel num_threads(threads)
  {
    double* pa = partial.data() + static_cast<size_t>(threadIndex()) * 2 * s.c;
    double* pb = pa + s.c;
    std::vector<float> fa(s.c), fb(s.c);
    int64_t pending = 0;
#pragma omp for schedule(static)
    for (int64_t r = 0; r < s.rows; r++) {
      body(r, fa.data(), fb.data());
      // Float partial sums over short runs of rows vectorise; double keeps long sums exact.
      if (++pending == 64) {
        for (int64_t ch = 0; ch < s.c; ch++) {
          pa[ch] += fa[ch];
          pb[ch] += fb[ch];
          fa[ch] = 0.f;
          fb[ch] = 0.f;
        }
        pending = 0;
      }
    }
    for (int64_t ch = 0; ch < s.c; ch++) {
      pa[ch] += fa[ch];
      pb[ch] += fb[ch];
    }
  }
  a.assign(s.c, 0.0);
  b.assign(s.c, 0.0);
  for (int t = 0; t < threads; t++) {
    const double* pa = partial.data() + static_cast<size_t>(t) * 2 * s.c;
    for (int64_t ch = 0; ch < s.c; ch++) {
      a[ch] += pa[ch];
      b[ch] += pa[s.c + ch];
    }
  }
}

}  // namespace

// batchNormForward(x, gamma, beta, y, mean, variance, [n, h, w, c], epsilon)
Napi::Value BatchNormForwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormForward", [&]() -> Napi::Value {
    NormCall call(info, "batchNormForward", 8);
    const NormShape& s = call.shape;
    const double epsilon = call.epsilon;
    const float* x = call.elements(0, "x");
    const float* gamma = call.channels(1, "gamma");
    const float* beta = call.channels(2, "beta");
    float* y = call.elements(3, "y");
    float* mean = call.channels(4, "mean");
    float* variance = call.channels(5, "variance");
    const int64_t c = s.c;
    // Shifted sums (x − x₀, x₀ the first row) keep E[x²] − E[x]² exact when |mean| ≫ σ.
    std::vector<float> shift(x, x + c);
    std::vector<double> sum, sumSq;
    channelSums(s, sum, sumSq, [&](int64_t r, float* a, float* b) {
      const float* xr = x + r * c;
      for (int64_t ch = 0; ch < c; ch++) {
        float d = xr[ch] - shift[ch];
        a[ch] += d;
        b[ch] += d * d;
      }
    });
    std::vector<float> scale(c), offset(c);
    for (int64_t ch = 0; ch < c; ch++) {
      double m = sum[ch] / s.rows;
      double v = std::max(0.0, sumSq[ch] / s.rows - m * m);
      mean[ch] = static_cast<float>(m + shift[ch]);
      variance[ch] = static_cast<float>(v);
      double k = gamma[ch] / std::sqrt(v + epsilon);
      scale[ch] = static_cast<float>(k);
      offset[ch] = static_cast<float>(beta[ch] - (m + shift[ch]) * k);
    }
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < s.rows; r++) {
      const float* xr = x + r * c;
      float* yr = y + r * c;
      for (int64_t ch = 0; ch < c; ch++) yr[ch] = xr[ch] * scale[ch] + offset[ch];
    }
    return info.Env().Undefined();
  });
}

// batchNormBackward(x, mean, variance, gamma, dy, dx, dgamma, dbeta, [n, h, w, c], epsilon)
Napi::Value BatchNormBackwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormBackward", [&]() -> Napi::Value {
    NormCall call(info, "batchNormBackward", 10);
    const NormShape& s = call.shape;
    const double epsilon = call.epsilon;
    const float* x = call.elements(0, "x");
    const float* mean = call.channels(1, "mean");
    const float* variance = call.channels(2, "variance");
    const float* gamma = call.channels(3, "gamma");
    const float* dy = call.elements(4, "dy");
    float* dx = call.elements(5, "dx");
    float* dgamma = call.channels(6, "dgamma");
    float* dbeta = call.channels(7, "dbeta");
    const int64_t c = s.c;
    std::vector<double> sumDy, sumDyCentred;
    channelSums(s, sumDy, sumDyCentred, [&](int64_t r, float* a, float* b) {
      const float* xr = x + r * c;
      const float* gr = dy + r * c;
      for (int64_t ch = 0; ch < c; ch++) {
        a[ch] += gr[ch];
        b[ch] += gr[ch] * (xr[ch] - mean[ch]);
      }
    });
    // dx = k·(dy − Σdy/n) − (x − μ)·k·σ⁻²·Σ(dy·(x − μ))/n, k = γσ⁻¹.
    std::vector<float> k(c), shift(c), slope(c);
    for (int64_t ch = 0; ch < c; ch++) {
      double invStd = 1.0 / std::sqrt(static_cast<double>(variance[ch]) + epsilon);
      dgamma[ch] = static_cast<float>(sumDyCentred[ch] * invStd);
      dbeta[ch] = static_cast<float>(sumDy[ch]);
      double kk = gamma[ch] * invStd;
      k[ch] = static_cast<float>(kk);
      shift[ch] = static_cast<float>(kk * sumDy[ch] / s.rows);
      slope[ch] = static_cast<float>(kk * invStd * invStd * sumDyCentred[ch] / s.rows);
    }
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < s.rows; r++) {
      const float* xr = x + r * c;
      const float* gr = dy + r * c;
      float* out = dx + r * c;
      for (int64_t ch = 0; ch < c; ch++) out[ch] = k[ch] * gr[ch] - shift[ch] - (xr[ch] - mean[ch]) * slope[ch];
    }
    return info.Env().Undefined();
  });
}

// batchNormInference(x, mean, variance, scale | null, offset | null, y, [n, h, w, c], epsilon):
// tfjs's FusedBatchNorm with per-channel statistics, as one pass.
Napi::Value BatchNormInferenceFn(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormInference", [&]() -> Napi::Value {
    NormCall call(info, "batchNormInference", 8);
    const NormShape& s = call.shape;
    const double epsilon = call.epsilon;
    const float* x = call.elements(0, "x");
    const float* mean = call.channels(1, "mean");
    const float* variance = call.channels(2, "variance");
    const float* scale = call.optionalChannels(3, "scale");
    const float* offset = call.optionalChannels(4, "offset");
    float* y = call.elements(5, "y");
    const int64_t c = s.c;
    std::vector<float> k(c), b(c);
    for (int64_t ch = 0; ch < c; ch++) {
      double kk = (scale != nullptr ? scale[ch] : 1.0) / std::sqrt(static_cast<double>(variance[ch]) + epsilon);
      k[ch] = static_cast<float>(kk);
      b[ch] = static_cast<float>((offset != nullptr ? offset[ch] : 0.0) - mean[ch] * kk);
    }
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < s.rows; r++) {
      const float* xr = x + r * c;
      float* yr = y + r * c;
      for (int64_t ch = 0; ch < c; ch++) yr[ch] = xr[ch] * k[ch] + b[ch];
    }
    return info.Env().Undefined();
  });
}

}  // namespace dk
