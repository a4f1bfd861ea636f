// Gather along one axis of a row-major float32 tensor: out[o, i, :] = src[o, indices[i], :], one
// memcpy of `inner` floats per index (tfjs's cpu kernel computes a multi-index per element in JS:
// region-support's region pooling gathers 500 k rows of 32 channels per call).
#include <cstring>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {

// gatherRows(src, [outer, rows, inner], indices, dst): returns false, writing nothing, when an
// index is outside [0, rows) (the caller then lets tfjs report it).
Napi::Value GatherRowsFn(const Napi::CallbackInfo& info) {
  return guarded(info, "gatherRows", [&]() -> Napi::Value {
    Args args(info, "gatherRows", 4);
    auto dims = args.ints(1, 3, "dims [outer, rows, inner]");
    const int64_t outer = dims[0], rows = dims[1], inner = dims[2];
    if (outer < 0 || rows < 0 || inner < 0) args.fail("dims must be >= 0");
    Napi::Value iv = info[2];
    if (!iv.IsTypedArray() || iv.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) args.fail("indices must be an Int32Array");
    auto indexArray = iv.As<Napi::Int32Array>();
    const int32_t* indices = indexArray.Data();
    const int64_t count = static_cast<int64_t>(indexArray.ElementLength());
    const float* src = args.floats(0, outer * rows * inner, "src");
    float* dst = args.floats(3, outer * count * inner, "dst");
    for (int64_t i = 0; i < count; i++) {
      if (indices[i] < 0 || indices[i] >= rows) return Napi::Boolean::New(info.Env(), false);
    }
    const int64_t total = outer * count;
    SerialBelow serial(total * inner, 1 << 15);
#pragma omp parallel for schedule(static)
    for (int64_t k = 0; k < total; k++) {
      const int64_t o = k / count, i = k % count;
      std::memcpy(dst + k * inner, src + (o * rows + indices[i]) * inner, sizeof(float) * inner);
    }
    return Napi::Boolean::New(info.Env(), true);
  });
}

}  // namespace dk
