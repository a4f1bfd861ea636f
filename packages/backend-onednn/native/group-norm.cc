// Training-mode group normalisation of NHWC tensors per image and channel group, optionally
// followed by ReLU, and its closed-form backward (core's groupNormalize):
//   x̂ = (x − mean_g)·σ_g⁻¹,  y = act(x̂·γ + β),
//   dz = dy·act′,  dx̂ = dz·γ,  dx = σ⁻¹/m · (m·dx̂ − Σ_g dx̂ − x̂·Σ_g dx̂·x̂).
// Plain OpenMP passes over each image's pixels; sums accumulate in double per thread. The
// forward writes only y and x̂ (what the backward needs; ReLU's mask is x̂·γ + β > 0), where
// op-by-op it made six full-size tensors.
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

int threadsNow() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

int threadId() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

struct GroupShape {
  int64_t n, pixels, c, groups, perGroup;
  int64_t image() const { return pixels * c; }
};

GroupShape parseGroupShape(const Args& args, size_t shapeAt, size_t groupsAt) {
  auto d = args.ints(shapeAt, 4, "shape [n, h, w, c]");
  volume(args, d, "shape");
  int64_t groups = args.integer(groupsAt, "groups");
  if (groups < 1 || d[3] % groups != 0) args.fail("groups must divide the channels (" + std::to_string(d[3]) + "), found " + std::to_string(groups));
  return {d[0], d[1] * d[2], d[3], groups, d[3] / groups};
}

// Per-group sums over one image of f(pixel row, channel), reduced over threads in double.
template <class Body>
void groupSums(const GroupShape& s, std::vector<double>& out, Body body) {
  const int threads = threadsNow();
  std::vector<double> partial(static_cast<size_t>(threads) * s.groups, 0.0);
#pragma omp parallel num_threads(threads)
  {
    double* mine = partial.data() + static_cast<size_t>(threadId()) * s.groups;
#pragma omp for schedule(static)
    for (int64_t p = 0; p < s.pixels; p++) {
      for (int64_t g = 0; g < s.groups; g++) {
        float local = 0.f;
        for (int64_t k = g * s.perGroup; k < (g + 1) * s.perGroup; k++) local += body(p, k);
        mine[g] += local;
      }
    }
  }
  out.assign(s.groups, 0.0);
  for (int t = 0; t < threads; t++)
    for (int64_t g = 0; g < s.groups; g++) out[g] += partial[static_cast<size_t>(t) * s.groups + g];
}

}  // namespace

// groupNormForward(x, gamma, beta, y, xhat, invStd, [n, h, w, c], groups, epsilon, relu):
// invStd has n·groups values.
Napi::Value GroupNormForwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "groupNormForward", [&]() -> Napi::Value {
    Args args(info, "groupNormForward", 10);
    const GroupShape s = parseGroupShape(args, 6, 7);
    const double epsilon = args.number(8, "epsilon");
    if (epsilon < 0) args.fail("epsilon must be >= 0");
    const bool relu = args.integer(9, "relu") != 0;
    const float* x = args.floats(0, s.n * s.image(), "x");
    const float* gamma = args.floats(1, s.c, "gamma");
    const float* beta = args.floats(2, s.c, "beta");
    float* y = args.floats(3, s.n * s.image(), "y");
    float* xhat = args.floats(4, s.n * s.image(), "xhat");
    float* invStd = args.floats(5, s.n * s.groups, "invStd");
    const double m = static_cast<double>(s.pixels * s.perGroup);
    std::vector<double> sums;
    std::vector<float> mean(s.groups), inv(s.groups);
    for (int64_t i = 0; i < s.n; i++) {
      const float* xi = x + i * s.image();
      groupSums(s, sums, [&](int64_t p, int64_t k) { return xi[p * s.c + k]; });
      for (int64_t g = 0; g < s.groups; g++) mean[g] = static_cast<float>(sums[g] / m);
      groupSums(s, sums, [&](int64_t p, int64_t k) {
        float d = xi[p * s.c + k] - mean[k / s.perGroup];
        return d * d;
      });
      for (int64_t g = 0; g < s.groups; g++) {
        inv[g] = static_cast<float>(1.0 / std::sqrt(sums[g] / m + epsilon));
        invStd[i * s.groups + g] = inv[g];
      }
      float* yi = y + i * s.image();
      float* hi = xhat + i * s.image();
#pragma omp parallel for schedule(static)
      for (int64_t p = 0; p < s.pixels; p++) {
        for (int64_t k = 0; k < s.c; k++) {
          const int64_t g = k / s.perGroup;
          const float h = (xi[p * s.c + k] - mean[g]) * inv[g];
          const float z = h * gamma[k] + beta[k];
          hi[p * s.c + k] = h;
          yi[p * s.c + k] = relu && !(z > 0.f) ? 0.f : z;
        }
      }
    }
    return info.Env().Undefined();
  });
}

// groupNormBackward(dy, xhat, invStd, gamma, beta, dx, dgamma, dbeta, [n, h, w, c], groups, relu)
Napi::Value GroupNormBackwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "groupNormBackward", [&]() -> Napi::Value {
    Args args(info, "groupNormBackward", 11);
    const GroupShape s = parseGroupShape(args, 8, 9);
    const bool relu = args.integer(10, "relu") != 0;
    const float* dy = args.floats(0, s.n * s.image(), "dy");
    const float* xhat = args.floats(1, s.n * s.image(), "xhat");
    const float* invStd = args.floats(2, s.n * s.groups, "invStd");
    const float* gamma = args.floats(3, s.c, "gamma");
    const float* beta = args.floats(4, s.c, "beta");
    float* dx = args.floats(5, s.n * s.image(), "dx");
    float* dgamma = args.floats(6, s.c, "dgamma");
    float* dbeta = args.floats(7, s.c, "dbeta");
    const double m = static_cast<double>(s.pixels * s.perGroup);
    const int threads = threadsNow();
    std::vector<double> channelPartial(static_cast<size_t>(threads) * 2 * s.c, 0.0);
    std::vector<double> sumD, sumDX;
    for (int64_t i = 0; i < s.n; i++) {
      const float* di = dy + i * s.image();
      const float* hi = xhat + i * s.image();
      // dz = dy where the ReLU passed (x̂·γ + β > 0), else 0.
      auto dz = [&](int64_t at, int64_t k) {
        return relu && !(hi[at] * gamma[k] + beta[k] > 0.f) ? 0.f : di[at];
      };
      groupSums(s, sumD, [&](int64_t p, int64_t k) { return dz(p * s.c + k, k) * gamma[k]; });
      groupSums(s, sumDX, [&](int64_t p, int64_t k) { return dz(p * s.c + k, k) * gamma[k] * hi[p * s.c + k]; });
      float* dxi = dx + i * s.image();
#pragma omp parallel num_threads(threads)
      {
        double* dg = channelPartial.data() + static_cast<size_t>(threadId()) * 2 * s.c;
        double* db = dg + s.c;
#pragma omp for schedule(static)
        for (int64_t p = 0; p < s.pixels; p++) {
          for (int64_t k = 0; k < s.c; k++) {
            const int64_t g = k / s.perGroup;
            const int64_t at = p * s.c + k;
            const float d = dz(at, k);
            const float h = hi[at];
            dg[k] += d * h;
            db[k] += d;
            const float scale = static_cast<float>(invStd[i * s.groups + g] / m);
            dxi[at] = scale * (static_cast<float>(m) * d * gamma[k] - static_cast<float>(sumD[g]) - h * static_cast<float>(sumDX[g]));
          }
        }
      }
    }
    for (int64_t k = 0; k < s.c; k++) {
      double g = 0, b = 0;
      for (int t = 0; t < threads; t++) {
        g += channelPartial[static_cast<size_t>(t) * 2 * s.c + k];
        b += channelPartial[static_cast<size_t>(t) * 2 * s.c + s.c + k];
      }
      dgamma[k] = static_cast<float>(g);
      dbeta[k] = static_cast<float>(b);
    }
    return info.Env().Undefined();
  });
}

}  // namespace dk
