// Elementwise binary ops with broadcasting, unary activations and reductions: single passes
// over memory on every core, where tfjs's cpu backend walks index arithmetic in JS.
#include <oneapi/dnnl/dnnl.hpp>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;

memory::desc rowMajor(const memory::dims& dims) {
  memory::dims strides(dims.size());
  int64_t s = 1;
  for (size_t i = dims.size(); i-- > 0;) {
    strides[i] = s;
    s *= dims[i];
  }
  return memory::desc(dims, dt::f32, strides);
}

memory::dims parseDims(const Args& args, size_t i, const char* what) {
  auto d = args.ints(i, SIZE_MAX, what);
  if (d.empty()) d.push_back(1);
  if (d.size() > DNNL_MAX_NDIMS) args.fail(std::string(what) + " has more than 12 dimensions");
  volume(args, d, what);
  return d;
}

int64_t volumeOf(const memory::dims& d) {
  int64_t v = 1;
  for (auto x : d) v *= x;
  return v;
}

dnnl::algorithm binaryAlgorithm(const Args& args, int64_t code) {
  switch (code) {
    case 0: return dnnl::algorithm::binary_add;
    case 1: return dnnl::algorithm::binary_sub;
    case 2: return dnnl::algorithm::binary_mul;
    case 3: return dnnl::algorithm::binary_div;
    case 4: return dnnl::algorithm::binary_max;
    case 5: return dnnl::algorithm::binary_min;
    default: args.fail("unknown binary op " + std::to_string(code));
  }
}

dnnl::algorithm unaryAlgorithm(const Args& args, int64_t code) {
  switch (code) {
    case 0: return dnnl::algorithm::eltwise_relu;
    case 1: return dnnl::algorithm::eltwise_exp;
    case 2: return dnnl::algorithm::eltwise_log;
    case 3: return dnnl::algorithm::eltwise_sqrt;
    case 4: return dnnl::algorithm::eltwise_tanh;
    case 5: return dnnl::algorithm::eltwise_logistic;
    case 6: return dnnl::algorithm::eltwise_square;
    case 7: return dnnl::algorithm::eltwise_abs;
    case 8: return dnnl::algorithm::eltwise_elu;
    case 9: return dnnl::algorithm::eltwise_linear;
    case 10: return dnnl::algorithm::eltwise_clip;
    case 11: return dnnl::algorithm::eltwise_pow;
    default: args.fail("unknown unary op " + std::to_string(code));
  }
}

dnnl::algorithm reduceAlgorithm(const Args& args, int64_t code) {
  switch (code) {
    case 0: return dnnl::algorithm::reduction_sum;
    case 1: return dnnl::algorithm::reduction_mean;
    case 2: return dnnl::algorithm::reduction_max;
    case 3: return dnnl::algorithm::reduction_min;
    default: args.fail("unknown reduction " + std::to_string(code));
  }
}

std::string dimsKey(const memory::dims& d) {
  std::string key;
  for (auto x : d) key += std::to_string(x) + 'x';
  return key;
}

// Element counts below which a kernel runs on one thread (measured: ~100 µs to wake a thread).
constexpr int64_t kSerialBelow = 1 << 17;

struct Entry : Cached {
  dnnl::primitive prim;
  memory::desc a, b, out;
};

}  // namespace

// binary(op, a, aDims, b, bDims, out, channelLast, outScale). `out` has a's dims; b broadcasts.
// channelLast: a is [rows, inner] and b [1 | rows, inner], viewed as NHWC so oneDNN's
// vectorised per-channel broadcast applies. outScale ≠ 1 scales the result (a − b as −(b − a)).
Napi::Value BinaryFn(const Napi::CallbackInfo& info) {
  return guarded(info, "binary", [&]() -> Napi::Value {
    Args args(info, "binary", 8);
    int64_t op = args.integer(0, "op");
    auto alg = binaryAlgorithm(args, op);
    memory::dims aDims = parseDims(args, 2, "aDims");
    memory::dims bDims = parseDims(args, 4, "bDims");
    bool channelLast = args.integer(6, "channelLast") != 0;
    float scale = static_cast<float>(args.number(7, "outScale"));
    if (aDims.size() != bDims.size()) args.fail("aDims and bDims must have the same rank");
    for (size_t i = 0; i < aDims.size(); i++) {
      if (bDims[i] != aDims[i] && bDims[i] != 1) args.fail("b does not broadcast to a");
    }
    if (channelLast && aDims.size() != 2) args.fail("channelLast needs [rows, inner] dims");
    float* a = args.floats(1, volumeOf(aDims), "a");
    float* b = args.floats(3, volumeOf(bDims), "b");
    float* out = args.floats(5, volumeOf(aDims), "out");
    std::string key = "binary," + std::to_string(op) + ',' + dimsKey(aDims) + ',' + dimsKey(bDims) + ',' +
                      std::to_string(channelLast) + ',' + std::to_string(scale);
    auto& e = cached<Entry>(key, [&] {
      auto entry = std::make_unique<Entry>();
      if (channelLast) {
        entry->a = memory::desc({1, aDims[1], aDims[0], 1}, dt::f32, tag::nhwc);
        entry->b = memory::desc({1, bDims[1], bDims[0], 1}, dt::f32, tag::nhwc);
      } else {
        entry->a = rowMajor(aDims);
        entry->b = rowMajor(bDims);
      }
      entry->out = entry->a;
      dnnl::primitive_attr attr;
      if (scale != 1.f) {
        dnnl::post_ops ops;
        ops.append_eltwise(1.f, dnnl::algorithm::eltwise_linear, scale, 0.f);
        attr.set_post_ops(ops);
      }
      dnnl::binary::desc d(alg, entry->a, entry->b, entry->out);
      entry->prim = dnnl::binary(dnnl::binary::primitive_desc(d, attr, cpuEngine()));
      return entry;
    });
    auto& eng = cpuEngine();
    SerialBelow serial(volumeOf(aDims), kSerialBelow);
    e.prim.execute(cpuStream(), {{DNNL_ARG_SRC_0, memory(e.a, eng, a)},
                                 {DNNL_ARG_SRC_1, memory(e.b, eng, b)},
                                 {DNNL_ARG_DST, memory(e.out, eng, out)}});
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

// unary(op, x, out, alpha, beta) over a flat buffer (oneDNN eltwise semantics for alpha/beta).
Napi::Value UnaryFn(const Napi::CallbackInfo& info) {
  return guarded(info, "unary", [&]() -> Napi::Value {
    Args args(info, "unary", 5);
    int64_t op = args.integer(0, "op");
    auto alg = unaryAlgorithm(args, op);
    Napi::Value xv = info[1];
    if (!xv.IsTypedArray()) args.fail("x must be a Float32Array");
    int64_t size = static_cast<int64_t>(xv.As<Napi::TypedArray>().ElementLength());
    if (size == 0) return info.Env().Undefined();
    float* x = args.floats(1, size, "x");
    float* out = args.floats(2, size, "out");
    float alpha = static_cast<float>(args.number(3, "alpha"));
    float beta = static_cast<float>(args.number(4, "beta"));
    std::string key = "unary," + std::to_string(op) + ',' + std::to_string(size) + ',' + std::to_string(alpha) + ',' +
                      std::to_string(beta);
    auto& e = cached<Entry>(key, [&] {
      auto entry = std::make_unique<Entry>();
      entry->a = memory::desc({size}, dt::f32, tag::a);
      dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, alg, entry->a, alpha, beta);
      entry->prim = dnnl::eltwise_forward(dnnl::eltwise_forward::primitive_desc(d, cpuEngine()));
      return entry;
    });
    auto& eng = cpuEngine();
    SerialBelow serial(size, kSerialBelow);
    e.prim.execute(cpuStream(), {{DNNL_ARG_SRC, memory(e.a, eng, x)}, {DNNL_ARG_DST, memory(e.a, eng, out)}});
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

namespace {

// dx from the activation's output y: oneDNN's use_dst_for_bwd eltwise backward.
Napi::Value gradFromOutput(const Napi::CallbackInfo& info, const char* fn, dnnl::algorithm alg, bool withAlpha) {
  return guarded(info, fn, [&]() -> Napi::Value {
    Args args(info, fn, withAlpha ? 4 : 3);
    Napi::Value yv = info[0];
    if (!yv.IsTypedArray()) args.fail("y must be a Float32Array");
    int64_t size = static_cast<int64_t>(yv.As<Napi::TypedArray>().ElementLength());
    if (size == 0) return info.Env().Undefined();
    float* y = args.floats(0, size, "y");
    float* dy = args.floats(1, size, "dy");
    float* dx = args.floats(2, size, "dx");
    float alpha = withAlpha ? static_cast<float>(args.number(3, "alpha")) : 1.f;
    if (alpha < 0) args.fail("alpha must be >= 0 (the output's sign must tell the input's)");
    std::string key = std::string(fn) + ',' + std::to_string(size) + ',' + std::to_string(alpha);
    auto& e = cached<Entry>(key, [&] {
      auto entry = std::make_unique<Entry>();
      entry->a = memory::desc({size}, dt::f32, tag::a);
      dnnl::eltwise_forward::desc fd(dnnl::prop_kind::forward_training, alg, entry->a, alpha, 0.f);
      dnnl::eltwise_forward::primitive_desc hint(fd, cpuEngine());
      dnnl::eltwise_backward::desc bd(alg, entry->a, entry->a, alpha, 0.f);
      entry->prim = dnnl::eltwise_backward(dnnl::eltwise_backward::primitive_desc(bd, cpuEngine(), hint));
      return entry;
    });
    auto& eng = cpuEngine();
    SerialBelow serial(size, kSerialBelow);
    e.prim.execute(cpuStream(), {{DNNL_ARG_DST, memory(e.a, eng, y)},
                                 {DNNL_ARG_DIFF_DST, memory(e.a, eng, dy)},
                                 {DNNL_ARG_DIFF_SRC, memory(e.a, eng, dx)}});
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

}  // namespace

// reluGradFromOutput(y, dy, dx, alpha): dx = dy where y > 0, alpha·dy elsewhere (ReLU and
// LeakyReLU with alpha >= 0 read their gradient from the output).
Napi::Value ReluGradFromOutputFn(const Napi::CallbackInfo& info) {
  return gradFromOutput(info, "reluGradFromOutput", dnnl::algorithm::eltwise_relu_use_dst_for_bwd, true);
}

// eluGradFromOutput(y, dy, dx): tfjs's EluGrad, dx = dy where y > 0, dy·(y + 1) elsewhere.
Napi::Value EluGradFromOutputFn(const Napi::CallbackInfo& info) {
  return gradFromOutput(info, "eluGradFromOutput", dnnl::algorithm::eltwise_elu_use_dst_for_bwd, false);
}

// reduce(op, x, xDims, out, outDims): outDims is xDims with the reduced axes set to 1.
Napi::Value ReduceFn(const Napi::CallbackInfo& info) {
  return guarded(info, "reduce", [&]() -> Napi::Value {
    Args args(info, "reduce", 5);
    int64_t op = args.integer(0, "op");
    auto alg = reduceAlgorithm(args, op);
    memory::dims xDims = parseDims(args, 2, "xDims");
    memory::dims outDims = parseDims(args, 4, "outDims");
    if (xDims.size() != outDims.size()) args.fail("xDims and outDims must have the same rank");
    for (size_t i = 0; i < xDims.size(); i++) {
      if (outDims[i] != xDims[i] && outDims[i] != 1) args.fail("outDims must be xDims with reduced axes set to 1");
    }
    float* x = args.floats(1, volumeOf(xDims), "x");
    float* out = args.floats(3, volumeOf(outDims), "out");
    std::string key = "reduce," + std::to_string(op) + ',' + dimsKey(xDims) + ',' + dimsKey(outDims);
    auto& e = cached<Entry>(key, [&] {
      auto entry = std::make_unique<Entry>();
      entry->a = rowMajor(xDims);
      entry->out = rowMajor(outDims);
      dnnl::reduction::desc d(alg, entry->a, entry->out, 0.f, 0.f);
      entry->prim = dnnl::reduction(dnnl::reduction::primitive_desc(d, cpuEngine()));
      return entry;
    });
    auto& eng = cpuEngine();
    e.prim.execute(cpuStream(), {{DNNL_ARG_SRC, memory(e.a, eng, x)}, {DNNL_ARG_DST, memory(e.out, eng, out)}});
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

}  // namespace dk
