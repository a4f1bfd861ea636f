// Box copies between row-major tensors: slice, split, pad and concat as one parallel pass of
// contiguous runs (tfjs's cpu kernels compute an index per element in JS).
#include <algorithm>
#include <cstring>
#include <vector>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {

// copyBox(src, srcDims, srcBegin, dst, dstDims, dstBegin, size): dst[dstBegin + i] = src[srcBegin + i]
// for every index i < size.
Napi::Value CopyBoxFn(const Napi::CallbackInfo& info) {
  return guarded(info, "copyBox", [&]() -> Napi::Value {
    Args args(info, "copyBox", 7);
    auto srcDims = args.ints(1, SIZE_MAX, "srcDims");
    const size_t rank = srcDims.size();
    auto srcBegin = args.ints(2, rank, "srcBegin");
    auto dstDims = args.ints(4, rank, "dstDims");
    auto dstBegin = args.ints(5, rank, "dstBegin");
    auto size = args.ints(6, rank, "size");
    if (rank == 0) args.fail("rank must be >= 1");
    int64_t srcVolume = 1, dstVolume = 1, count = 1;
    for (size_t d = 0; d < rank; d++) {
      if (srcDims[d] < 0 || dstDims[d] < 0 || size[d] < 0 || srcBegin[d] < 0 || dstBegin[d] < 0 ||
          srcBegin[d] + size[d] > srcDims[d] || dstBegin[d] + size[d] > dstDims[d]) {
        args.fail("the box does not fit dimension " + std::to_string(d));
      }
      // Wrapped volumes could match small arrays and let the copy run past them.
      if (__builtin_mul_overflow(srcVolume, srcDims[d], &srcVolume) || __builtin_mul_overflow(dstVolume, dstDims[d], &dstVolume) ||
          __builtin_mul_overflow(count, size[d], &count) || srcVolume > kMaxElements || dstVolume > kMaxElements) {
        args.fail("srcDims or dstDims describe more than 2^53 elements");
      }
    }
    const float* src = args.floats(0, srcVolume, "src");
    float* dst = args.floats(3, dstVolume, "dst");
    if (count == 0) return info.Env().Undefined();
    // Merge trailing dimensions the box spans completely into one contiguous run.
    int64_t run = size[rank - 1];
    size_t last = rank - 1;
    while (last > 0 && size[last] == srcDims[last] && size[last] == dstDims[last] && srcBegin[last] == 0 && dstBegin[last] == 0) {
      last--;
      run *= size[last];
    }
    std::vector<int64_t> srcStride(rank), dstStride(rank);
    int64_t s = 1, t = 1;
    for (size_t d = rank; d-- > 0;) {
      srcStride[d] = s;
      dstStride[d] = t;
      s *= srcDims[d];
      t *= dstDims[d];
    }
    const int64_t rows = count / run;
    SerialBelow serial(count, 1 << 15);
#pragma omp parallel for schedule(static)
    for (int64_t r = 0; r < rows; r++) {
      int64_t rest = r, so = srcBegin[last] * srcStride[last], to = dstBegin[last] * dstStride[last];
      for (size_t d = last; d-- > 0;) {
        int64_t i = rest % size[d];
        rest /= size[d];
        so += (srcBegin[d] + i) * srcStride[d];
        to += (dstBegin[d] + i) * dstStride[d];
      }
      std::memcpy(dst + to, src + so, sizeof(float) * run);
    }
    return info.Env().Undefined();
  });
}

// fill(dst, value)
Napi::Value FillFn(const Napi::CallbackInfo& info) {
  return guarded(info, "fill", [&]() -> Napi::Value {
    Args args(info, "fill", 2);
    Napi::Value v = info[0];
    if (!v.IsTypedArray()) args.fail("dst must be a Float32Array");
    int64_t n = static_cast<int64_t>(v.As<Napi::TypedArray>().ElementLength());
    float* dst = args.floats(0, n, "dst");
    float value = static_cast<float>(args.number(1, "value"));
    SerialBelow serial(n, 1 << 15);
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; i++) dst[i] = value;
    return info.Env().Undefined();
  });
}

}  // namespace dk
