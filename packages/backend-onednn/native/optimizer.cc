// Optimizer updates as one pass over a weight's memory. The JS path runs a dozen tfjs ops per
// weight (each a full pass and a fresh array); these do the same float32 arithmetic in the same
// order (each operation rounded to float, no fused multiply-add), so results are bit-identical.
#include <cmath>
#include <cstdint>
#include <string>

#include "args.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

// Below this many elements a parallel region costs more than it saves.
constexpr int64_t kParallelFrom = 1 << 15;

float asFloat(const Args& args, size_t i, const char* what) {
  return static_cast<float>(args.number(i, what));
}

}  // namespace

// adamUpdate(g, w, m, v, wOut, mOut, vOut, n, decay, b1, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps,
//            negStepSize, coupledDecay, decoupled):
//   w1 = decoupled ? w·decay : w;  g1 = decoupled ? g : g + w·coupledDecay (when coupledDecay ≠ 0)
//   m' = m·b1 + g1·(1−b1);  v' = v·b2 + (g1·g1)·(1−b2)
//   w' = w1 + (m' / (√v' / bc2Sqrt + eps))·(−stepSize)
// Adam and AdamW in torch 1.13's single-tensor order, as core's Adam writes them in tfjs ops.
Napi::Value AdamUpdateFn(const Napi::CallbackInfo& info) {
  return guarded(info, "adamUpdate", [&]() -> Napi::Value {
    Args args(info, "adamUpdate", 18);
    int64_t n = args.integer(7, "n");
    if (n < 1) args.fail("n must be positive, found " + std::to_string(n));
    const size_t len = static_cast<size_t>(n);
    const float* g = args.floats(0, len, "g");
    const float* w = args.floats(1, len, "w");
    const float* m = args.floats(2, len, "m");
    const float* v = args.floats(3, len, "v");
    float* wOut = args.floats(4, len, "wOut");
    float* mOut = args.floats(5, len, "mOut");
    float* vOut = args.floats(6, len, "vOut");
    const float decay = asFloat(args, 8, "decay");
    const float b1 = asFloat(args, 9, "b1");
    const float oneMinusB1 = asFloat(args, 10, "oneMinusB1");
    const float b2 = asFloat(args, 11, "b2");
    const float oneMinusB2 = asFloat(args, 12, "oneMinusB2");
    const float bc2Sqrt = asFloat(args, 13, "bc2Sqrt");
    const float eps = asFloat(args, 14, "eps");
    const float negStepSize = asFloat(args, 15, "negStepSize");
    const float coupledDecay = asFloat(args, 16, "coupledDecay");
    const bool decoupled = args.integer(17, "decoupled") != 0;
    const bool coupled = !decoupled && coupledDecay != 0.f;
#pragma omp parallel for simd if (n >= kParallelFrom)
    for (int64_t i = 0; i < n; i++) {
      float gi = g[i];
      const float w1 = decoupled ? w[i] * decay : w[i];
      if (coupled) {
        const float decayed = w[i] * coupledDecay;
        gi = gi + decayed;
      }
      const float m1 = m[i] * b1;
      const float m2 = gi * oneMinusB1;
      const float mi = m1 + m2;
      const float v1 = v[i] * b2;
      const float g2 = gi * gi;
      const float v2 = g2 * oneMinusB2;
      const float vi = v1 + v2;
      const float root = std::sqrt(vi);
      const float scaled = root / bc2Sqrt;
      const float denom = scaled + eps;
      const float ratio = mi / denom;
      const float step = ratio * negStepSize;
      mOut[i] = mi;
      vOut[i] = vi;
      wOut[i] = w1 + step;
    }
    return info.Env().Undefined();
  });
}

// sgdUpdate(g, w, buf, wOut, bufOut, n, weightDecay, momentum, nesterov, negLr): torch's SGD
// (dampening 0) as core's Sgd writes it: g1 = g + w·wd (wd ≠ 0); b' = b·μ + g1;
// d = nesterov ? g1 + b'·μ : b'; w' = w + d·(−lr). Without momentum, buf and bufOut are null
// and d = g1.
Napi::Value SgdUpdateFn(const Napi::CallbackInfo& info) {
  return guarded(info, "sgdUpdate", [&]() -> Napi::Value {
    Args args(info, "sgdUpdate", 10);
    int64_t n = args.integer(5, "n");
    if (n < 1) args.fail("n must be positive, found " + std::to_string(n));
    const size_t len = static_cast<size_t>(n);
    const float* g = args.floats(0, len, "g");
    const float* w = args.floats(1, len, "w");
    const float* buf = args.optionalFloats(2, len, "buf");
    float* wOut = args.floats(3, len, "wOut");
    float* bufOut = args.optionalFloats(4, len, "bufOut");
    if ((buf == nullptr) != (bufOut == nullptr)) args.fail("buf and bufOut must both be given (momentum) or both be null");
    const float wd = asFloat(args, 6, "weightDecay");
    const float mu = asFloat(args, 7, "momentum");
    const bool nesterov = args.integer(8, "nesterov") != 0;
    const float negLr = asFloat(args, 9, "negLr");
    const bool momentum = buf != nullptr;
#pragma omp parallel for simd if (n >= kParallelFrom)
    for (int64_t i = 0; i < n; i++) {
      float gi = g[i];
      if (wd != 0.f) {
        const float decayed = w[i] * wd;
        gi = gi + decayed;
      }
      float d = gi;
      if (momentum) {
        const float b1 = buf[i] * mu;
        const float bi = b1 + gi;
        bufOut[i] = bi;
        if (nesterov) {
          const float b2 = bi * mu;
          d = gi + b2;
        } else {
          d = bi;
        }
      }
      const float step = d * negLr;
      wOut[i] = w[i] + step;
    }
    return info.Env().Undefined();
  });
}

}  // namespace dk
