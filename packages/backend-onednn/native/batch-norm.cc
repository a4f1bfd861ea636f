// Training-mode batch normalisation over N·H·W per channel (NHWC), with oneDNN's closed-form
// backward: the same formula as depthkit's batchNormTraining gradient.
#include <oneapi/dnnl/dnnl.hpp>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

const auto kFlags = dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift;

struct NormShape {
  int64_t n, h, w, c;
  memory::desc data() const { return memory::desc({n, c, h, w}, dt::f32, tag::nhwc); }
  memory::desc channel() const { return memory::desc({c}, dt::f32, tag::a); }
  int64_t size() const { return n * h * w * c; }
};

NormShape parseShape(const Args& args, size_t i) {
  auto d = args.ints(i, 4, "shape [n, h, w, c]");
  volume(args, d, "shape");
  return {d[0], d[1], d[2], d[3]};
}

dnnl::batch_normalization_forward::primitive_desc forwardDesc(const NormShape& s, float epsilon) {
  dnnl::batch_normalization_forward::desc d(dnnl::prop_kind::forward_training, s.data(), epsilon, kFlags);
  return dnnl::batch_normalization_forward::primitive_desc(d, cpuEngine());
}

struct NormForward : Cached {
  dnnl::batch_normalization_forward prim;
};

struct NormBackward : Cached {
  dnnl::batch_normalization_backward prim;
};

}  // namespace

// batchNormForward(x, gamma, beta, y, mean, variance, [n, h, w, c], epsilon)
Napi::Value BatchNormForwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormForward", [&]() -> Napi::Value {
    Args args(info, "batchNormForward", 8);
    NormShape s = parseShape(args, 6);
    float epsilon = static_cast<float>(args.number(7, "epsilon"));
    float* x = args.floats(0, s.size(), "x");
    float* gamma = args.floats(1, s.c, "gamma");
    float* beta = args.floats(2, s.c, "beta");
    float* y = args.floats(3, s.size(), "y");
    float* mean = args.floats(4, s.c, "mean");
    float* variance = args.floats(5, s.c, "variance");
    auto& e = cached<NormForward>(keyOf("bn-fwd", {s.n, s.h, s.w, s.c, static_cast<long long>(epsilon * 1e12)}), [&] {
      auto entry = std::make_unique<NormForward>();
      entry->prim = dnnl::batch_normalization_forward(forwardDesc(s, epsilon));
      return entry;
    });
    auto& eng = cpuEngine();
    e.prim.execute(cpuStream(), {{DNNL_ARG_SRC, memory(s.data(), eng, x)},
                                 {DNNL_ARG_SCALE, memory(s.channel(), eng, gamma)},
                                 {DNNL_ARG_SHIFT, memory(s.channel(), eng, beta)},
                                 {DNNL_ARG_DST, memory(s.data(), eng, y)},
                                 {DNNL_ARG_MEAN, memory(s.channel(), eng, mean)},
                                 {DNNL_ARG_VARIANCE, memory(s.channel(), eng, variance)}});
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

// batchNormBackward(x, mean, variance, gamma, dy, dx, dgamma, dbeta, [n, h, w, c], epsilon)
Napi::Value BatchNormBackwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "batchNormBackward", [&]() -> Napi::Value {
    Args args(info, "batchNormBackward", 10);
    NormShape s = parseShape(args, 8);
    float epsilon = static_cast<float>(args.number(9, "epsilon"));
    float* x = args.floats(0, s.size(), "x");
    float* mean = args.floats(1, s.c, "mean");
    float* variance = args.floats(2, s.c, "variance");
    float* gamma = args.floats(3, s.c, "gamma");
    float* dy = args.floats(4, s.size(), "dy");
    float* dx = args.floats(5, s.size(), "dx");
    float* dgamma = args.floats(6, s.c, "dgamma");
    float* dbeta = args.floats(7, s.c, "dbeta");
    auto& e = cached<NormBackward>(keyOf("bn-bwd", {s.n, s.h, s.w, s.c, static_cast<long long>(epsilon * 1e12)}), [&] {
      auto entry = std::make_unique<NormBackward>();
      dnnl::batch_normalization_backward::desc d(dnnl::prop_kind::backward, s.data(), s.data(), epsilon, kFlags);
      entry->prim = dnnl::batch_normalization_backward(
          dnnl::batch_normalization_backward::primitive_desc(d, cpuEngine(), forwardDesc(s, epsilon)));
      return entry;
    });
    auto& eng = cpuEngine();
    e.prim.execute(cpuStream(), {{DNNL_ARG_SRC, memory(s.data(), eng, x)},
                                 {DNNL_ARG_MEAN, memory(s.channel(), eng, mean)},
                                 {DNNL_ARG_VARIANCE, memory(s.channel(), eng, variance)},
                                 {DNNL_ARG_SCALE, memory(s.channel(), eng, gamma)},
                                 {DNNL_ARG_DIFF_DST, memory(s.data(), eng, dy)},
                                 {DNNL_ARG_DIFF_SRC, memory(s.data(), eng, dx)},
                                 {DNNL_ARG_DIFF_SCALE, memory(s.channel(), eng, dgamma)},
                                 {DNNL_ARG_DIFF_SHIFT, memory(s.channel(), eng, dbeta)}});
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

}  // namespace dk
