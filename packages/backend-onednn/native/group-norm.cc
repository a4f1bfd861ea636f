// Training-mode group normalisation of NHWC tensors per image and channel group, optionally
// followed by ReLU, and its closed-form backward (core's groupNormalize):
//   x̂ = (x − mean_g)·σ_g⁻¹,  y = act(x̂·γ + β),
//   dz = dy·act′,  dx̂ = dz·γ,  dx = σ⁻¹/m · (m·dx̂ − Σ_g dx̂ − x̂·Σ_g dx̂·x̂).
// Plain OpenMP passes over each image's pixels; sums accumulate in double per thread. The
// forward writes only y and x̂ (what the backward needs; ReLU's mask is x̂·γ + β > 0), where
// op-by-op it made six full-size tensors.
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

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

// Two per-group sums over one image, sums[2g] and sums[2g + 1], of body(row, first, last, &a, &b)
// which adds one pixel's channels [first, last) of group g into a and b; reduced over threads
// in double (float partial sums over each pixel's channels vectorise).
template <class Body>
void groupSums(const GroupShape& s, std::vector<double>& out, Body body) {
  const int threads = threadCount();
  std::vector<double> partial(static_cast<size_t>(threads) * 2 * s.groups, 0.0);
#pragma omp parallel num_threads(threads)
  {
    double* mine = partial.data() + static_cast<size_t>(threadIndex()) * 2 * s.groups;
#pragma omp for schedule(static)
    for (int64_t p = 0; p < s.pixels; p++) {
      for (int64_t g = 0; g < s.groups; g++) {
        float a = 0.f, b = 0.f;
        body(p * s.c, g * s.perGroup, (g + 1) * s.perGroup, a, b);
        mine[2 * g] += a;
        mine[2 * g + 1] += b;
      }
    }
  }
  out.assign(2 * s.groups, 0.0);
  for (int t = 0; t < threads; t++)
    for (int64_t k = 0; k < 2 * s.groups; k++) out[k] += partial[static_cast<size_t>(t) * 2 * s.groups + k];
}

}  // namespace

// groupNormForward(x, gamma, beta, y, xhat, invStd, [n, h, w, c], groups, epsilon, relu):
// invStd has n·groups values. Statistics in one pass, of x shifted by the group's first value
// (so that the variance of values far from 0 does not cancel), then one pass writing y and x̂.
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
    std::vector<float> shift(s.groups), mean(s.groups), inv(s.groups);
    const float lower = relu ? 0.f : -INFINITY;
    for (int64_t i = 0; i < s.n; i++) {
      const float* xi = x + i * s.image();
      for (int64_t g = 0; g < s.groups; g++) shift[g] = xi[g * s.perGroup];
      groupSums(s, sums, [&](int64_t row, int64_t first, int64_t last, float& a, float& b) {
        const float k0 = shift[first / s.perGroup];
#pragma omp simd reduction(+ : a, b)
        for (int64_t k = first; k < last; k++) {
          const float d = xi[row + k] - k0;
          a += d;
          b += d * d;
        }
      });
      for (int64_t g = 0; g < s.groups; g++) {
        const double meanShifted = sums[2 * g] / m;
        const double variance = std::max(0.0, sums[2 * g + 1] / m - meanShifted * meanShifted);
        mean[g] = static_cast<float>(shift[g] + meanShifted);
        inv[g] = static_cast<float>(1.0 / std::sqrt(variance + epsilon));
        invStd[i * s.groups + g] = inv[g];
      }
      float* yi = y + i * s.image();
      float* hi = xhat + i * s.image();
#pragma omp parallel for schedule(static)
      for (int64_t p = 0; p < s.pixels; p++) {
        const int64_t row = p * s.c;
        for (int64_t g = 0; g < s.groups; g++) {
          const float mu = mean[g], sigma = inv[g];
          for (int64_t k = g * s.perGroup; k < (g + 1) * s.perGroup; k++) {
            const float h = (xi[row + k] - mu) * sigma;
            hi[row + k] = h;
            yi[row + k] = std::max(h * gamma[k] + beta[k], lower);
          }
        }
      }
    }
    return info.Env().Undefined();
  });
}

// groupNormBackward(dy, xhat, invStd, gamma, beta, dx, dgamma, dbeta, [n, h, w, c], groups, relu):
// one pass for the group sums of dx̂ and dx̂·x̂ and the channel sums of dz·x̂ and dz, one for dx.
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
    const float m = static_cast<float>(s.pixels * s.perGroup);
    const int threads = threadCount();
    std::vector<double> channelPartial(static_cast<size_t>(threads) * 2 * s.c, 0.0);
    std::vector<double> sums;
    // The ReLU as a compile-time choice: a run-time test in the inner loops kept them scalar (6× slower).
    auto perImage = [&](int64_t i, auto reluTag) {
      constexpr bool kRelu = decltype(reluTag)::value;
      const float* di = dy + i * s.image();
      const float* hi = xhat + i * s.image();
      const int64_t rowsPerFlush = 64;
      std::vector<double> partial(static_cast<size_t>(threads) * 2 * s.groups, 0.0);
#pragma omp parallel num_threads(threads)
      {
        const int t = threadIndex();
        double* mine = partial.data() + static_cast<size_t>(t) * 2 * s.groups;
        double* dg = channelPartial.data() + static_cast<size_t>(t) * 2 * s.c;
        double* db = dg + s.c;
        std::vector<float> fg(s.c, 0.f), fb(s.c, 0.f);
        int64_t pending = 0;
#pragma omp for schedule(static)
        for (int64_t p = 0; p < s.pixels; p++) {
          const int64_t row = p * s.c;
          for (int64_t g = 0; g < s.groups; g++) {
            float a = 0.f, b = 0.f;
            float* fgk = fg.data();
            float* fbk = fb.data();
#pragma omp simd reduction(+ : a, b)
            for (int64_t k = g * s.perGroup; k < (g + 1) * s.perGroup; k++) {
              const float h = hi[row + k];
              // dz = dy·[x̂·γ + β > 0] (core's JS path multiplies by the mask too): a product, not a
              // branch, which random signs mispredicted at 6× the cost of the whole pass.
              const float d = kRelu ? di[row + k] * static_cast<float>(h * gamma[k] + beta[k] > 0.f) : di[row + k];
              a += d * gamma[k];
              b += d * gamma[k] * h;
              fgk[k] += d * h;
              fbk[k] += d;
            }
            mine[2 * g] += a;
            mine[2 * g + 1] += b;
          }
          if (++pending == rowsPerFlush) {
            for (int64_t k = 0; k < s.c; k++) {
              dg[k] += fg[k];
              db[k] += fb[k];
              fg[k] = fb[k] = 0.f;
            }
            pending = 0;
          }
        }
        for (int64_t k = 0; k < s.c; k++) {
          dg[k] += fg[k];
          db[k] += fb[k];
        }
      }
      sums.assign(2 * s.groups, 0.0);
      for (int t = 0; t < threads; t++)
        for (int64_t k = 0; k < 2 * s.groups; k++) sums[k] += partial[static_cast<size_t>(t) * 2 * s.groups + k];
      float* dxi = dx + i * s.image();
#pragma omp parallel for schedule(static)
      for (int64_t p = 0; p < s.pixels; p++) {
        const int64_t row = p * s.c;
        for (int64_t g = 0; g < s.groups; g++) {
          const float scale = invStd[i * s.groups + g] / m;
          const float sumD = static_cast<float>(sums[2 * g]), sumDX = static_cast<float>(sums[2 * g + 1]);
#pragma omp simd
          for (int64_t k = g * s.perGroup; k < (g + 1) * s.perGroup; k++) {
            const float h = hi[row + k];
            const float d = kRelu ? di[row + k] * static_cast<float>(h * gamma[k] + beta[k] > 0.f) : di[row + k];
            dxi[row + k] = scale * (m * d * gamma[k] - sumD - h * sumDX);
          }
        }
      }
    };
    for (int64_t i = 0; i < s.n; i++) {
      if (relu) perImage(i, std::true_type{});
      else perImage(i, std::false_type{});
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
