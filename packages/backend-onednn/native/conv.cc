// Convolutions (plain, grouped, depthwise) on NHWC activations and HWIO / HW(I/G)(O) weights,
// the layouts tfjs keeps. Weights go to whatever blocked layout oneDNN's fastest kernel wants
// (format `any`) through a cached reorder; activations stay NHWC so nothing else is copied.
#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>
#include <memory>
#include <vector>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

struct ConvGeometry {
  int64_t n, ih, iw, ic, oh, ow, oc, kh, kw, groups, sh, sw, dh, dw, pt, pl, pb, pr;

  memory::dims srcDims() const { return {n, ic, ih, iw}; }
  memory::dims dstDims() const { return {n, oc, oh, ow}; }
  memory::dims weightDims() const {
    if (groups == 1) return {oc, ic, kh, kw};
    return {groups, oc / groups, ic / groups, kh, kw};
  }
  tag weightTag() const { return groups == 1 ? tag::hwio : tag::hwigo; }
  memory::desc src() const { return memory::desc(srcDims(), dt::f32, tag::nhwc); }
  memory::desc dst() const { return memory::desc(dstDims(), dt::f32, tag::nhwc); }
  memory::desc userWeights() const { return memory::desc(weightDims(), dt::f32, weightTag()); }
  memory::desc anyWeights() const { return memory::desc(weightDims(), dt::f32, tag::any); }
  memory::dims strides() const { return {sh, sw}; }
  memory::dims dilates() const { return {dh - 1, dw - 1}; }
  memory::dims padL() const { return {pt, pl}; }
  memory::dims padR() const { return {pb, pr}; }
  int64_t srcSize() const { return n * ih * iw * ic; }
  int64_t dstSize() const { return n * oh * ow * oc; }
  int64_t weightSize() const { return kh * kw * (ic / groups) * oc; }

  std::string key(const char* kind, long long extra1 = 0, long long extra2 = 0) const {
    return keyOf(kind, {n, ih, iw, ic, oh, ow, oc, kh, kw, groups, sh, sw, dh, dw, pt, pl, pb, pr, extra1, extra2});
  }
};

ConvGeometry parseGeometry(const Args& args, size_t i) {
  auto g = args.ints(i, 18, "geometry [n, ih, iw, ic, oh, ow, oc, kh, kw, groups, sh, sw, dh, dw, pt, pl, pb, pr]");
  ConvGeometry c{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15], g[16], g[17]};
  // One product per buffer the geometry sizes (each checked positive and free of overflow).
  volume(args, {c.n, c.ih, c.iw, c.ic}, "geometry's source dims");
  volume(args, {c.n, c.oh, c.ow, c.oc}, "geometry's destination dims");
  volume(args, {c.kh, c.kw, c.ic, c.oc}, "geometry's filter dims");
  volume(args, {c.groups, c.sh, c.sw, c.dh, c.dw}, "geometry's groups, strides and dilations");
  if (c.pt < 0 || c.pl < 0 || c.pb < 0 || c.pr < 0) args.fail("padding must be >= 0");
  if (c.ic % c.groups != 0 || c.oc % c.groups != 0) args.fail("groups must divide the input and output channels");
  // oneDNN's own output-size rule; a mismatch means the caller's padding is inconsistent.
  auto outSize = [](int64_t in, int64_t k, int64_t s, int64_t d, int64_t p0, int64_t p1) {
    return (in - ((k - 1) * d + 1) + p0 + p1) / s + 1;
  };
  if (outSize(c.ih, c.kh, c.sh, c.dh, c.pt, c.pb) != c.oh || outSize(c.iw, c.kw, c.sw, c.dw, c.pl, c.pr) != c.ow) {
    args.fail("output size does not follow from input, kernel, stride, dilation and padding");
  }
  return c;
}

// A convolution kernel's call: the geometry at `geometryAt`, and each buffer checked against the
// size its role (source, weights, destination) has in that geometry before a kernel touches it.
struct ConvCall {
  ConvCall(const Napi::CallbackInfo& info, const char* fn, size_t count, size_t geometryAt)
      : args(info, fn, count), geometry(parseGeometry(args, geometryAt)) {}
  float* source(size_t i, const char* what) const { return args.floats(i, geometry.srcSize(), what); }
  float* weights(size_t i, const char* what) const { return args.floats(i, geometry.weightSize(), what); }
  float* destination(size_t i, const char* what) const { return args.floats(i, geometry.dstSize(), what); }

  const Args args;
  const ConvGeometry geometry;
};

dnnl::convolution_forward::primitive_desc forwardDesc(const ConvGeometry& c, bool withBias, const dnnl::primitive_attr& attr) {
  memory::desc bias = withBias ? memory::desc({c.oc}, dt::f32, tag::a) : memory::desc();
  dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, c.src(),
                                    c.anyWeights(), bias, c.dst(), c.strides(), c.dilates(), c.padL(), c.padR());
  return dnnl::convolution_forward::primitive_desc(d, attr, cpuEngine());
}

// A user-layout buffer seen in the layout a primitive wants, through a cached reorder.
struct LayoutBridge {
  bool needed = false;
  memory inner;
  dnnl::reorder toInner, fromInner;

  void init(const memory::desc& user, const memory::desc& wanted, bool toPrimitive) {
    needed = user != wanted;
    if (!needed) return;
    inner = memory(wanted, cpuEngine());
    memory userMem(user, cpuEngine(), DNNL_MEMORY_NONE);
    if (toPrimitive) toInner = dnnl::reorder(userMem, inner);
    else fromInner = dnnl::reorder(inner, userMem);
  }
};

// A cached convolution primitive (forward, backward-data or backward-weights) and the bridge
// between tfjs's weight layout and the one it chose.
template <class Primitive>
struct ConvPrimitive : Cached {
  typename Primitive::primitive_desc pd;
  Primitive prim;
  LayoutBridge weights;
  memory::desc userWeights;
};

// `wanted` is the weight (or weight-gradient) layout pd chose; `toPrimitive` says which way
// weights flow: into the primitive (forward, backward-data) or out of it (backward-weights).
template <class Primitive>
std::unique_ptr<ConvPrimitive<Primitive>> convPrimitive(const ConvGeometry& c, const typename Primitive::primitive_desc& pd,
                                                        const memory::desc& wanted, bool toPrimitive) {
  auto entry = std::make_unique<ConvPrimitive<Primitive>>();
  entry->pd = pd;
  entry->prim = Primitive(pd);
  entry->userWeights = c.userWeights();
  entry->weights.init(entry->userWeights, wanted, toPrimitive);
  return entry;
}

// A backward primitive's descriptor; oneDNN takes the forward one as the hint to its algorithm.
template <class Primitive>
typename Primitive::primitive_desc backwardDesc(const ConvGeometry& c) {
  auto hint = forwardDesc(c, false, dnnl::primitive_attr());
  typename Primitive::desc d(dnnl::algorithm::convolution_direct, c.src(), c.anyWeights(), c.dst(), c.strides(), c.dilates(),
                             c.padL(), c.padR());
  return typename Primitive::primitive_desc(d, cpuEngine(), hint);
}

using ConvForward = ConvPrimitive<dnnl::convolution_forward>;
using ConvBackwardData = ConvPrimitive<dnnl::convolution_backward_data>;
using ConvBackwardWeights = ConvPrimitive<dnnl::convolution_backward_weights>;

memory weightsFor(LayoutBridge& bridge, const memory::desc& user, float* data) {
  memory userMem(user, cpuEngine(), data);
  if (!bridge.needed) return userMem;
  bridge.toInner.execute(cpuStream(), userMem, bridge.inner);
  return bridge.inner;
}

// A 1×1 convolution with stride s reads every s-th pixel: the same as a unit-stride 1×1
// convolution of the subsampled image. oneDNN 2.6's strided 1×1 kernels ("reduce to unit
// stride") overran the heap in backward-weights with 8 input channels, so these convolutions
// run as unit-stride ones on a gathered copy (cheap: 1×1 layers move little data).
bool isStrided1x1(const ConvGeometry& c) {
  return c.kh == 1 && c.kw == 1 && (c.sh > 1 || c.sw > 1) && c.pt == 0 && c.pl == 0 && c.pb == 0 && c.pr == 0;
}

ConvGeometry unitStride(const ConvGeometry& c) {
  ConvGeometry u = c;
  u.ih = c.oh;
  u.iw = c.ow;
  u.sh = u.sw = u.dh = u.dw = 1;
  return u;
}

// Copies x[b, i·sh, j·sw, :] to out[b, i, j, :] (toSub) or back, zeroing the rest (!toSub).
void strideCopy(const ConvGeometry& c, float* full, float* sub, bool toSub) {
  if (!toSub) std::memset(full, 0, sizeof(float) * c.srcSize());
#pragma omp parallel for collapse(2) schedule(static)
  for (int64_t b = 0; b < c.n; b++) {
    for (int64_t i = 0; i < c.oh; i++) {
      for (int64_t j = 0; j < c.ow; j++) {
        float* f = full + ((b * c.ih + i * c.sh) * c.iw + j * c.sw) * c.ic;
        float* u = sub + ((b * c.oh + i) * c.ow + j) * c.ic;
        if (toSub) std::memcpy(u, f, sizeof(float) * c.ic);
        else std::memcpy(f, u, sizeof(float) * c.ic);
      }
    }
  }
}

// The source a strided 1×1 convolution reads, gathered into `gathered`, with `c` made unit-stride;
// any other convolution's source as it is.
float* unitStrideSource(ConvGeometry& c, float* x, std::vector<float>& gathered) {
  if (!isStrided1x1(c)) return x;
  gathered.resize(static_cast<size_t>(c.n * c.oh * c.ow * c.ic));
  strideCopy(c, x, gathered.data(), true);
  c = unitStride(c);
  return gathered.data();
}

}  // namespace

void appendActivation(dnnl::post_ops& ops, int64_t activation, float alpha, const Args& args) {
  switch (activation) {
    case kActivationNone: return;
    case kActivationRelu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, alpha, 0.f); return;
    case kActivationRelu6: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f); return;
    case kActivationElu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 1.f, 0.f); return;
    case kActivationSigmoid: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_logistic, 0.f, 0.f); return;
    default: args.fail("unknown activation code " + std::to_string(activation));
  }
}

// convForward(x, w, bias | null, y, geometry, activation, alpha)
Napi::Value ConvForwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "convForward", [&]() -> Napi::Value {
    ConvCall call(info, "convForward", 7, 4);
    const Args& args = call.args;
    ConvGeometry c = call.geometry;
    float* x = call.source(0, "x");
    float* w = call.weights(1, "filter");
    float* b = args.optionalFloats(2, c.oc, "bias");
    float* y = call.destination(3, "y");
    int64_t activation = args.integer(5, "activation");
    float alpha = static_cast<float>(args.number(6, "alpha"));
    std::vector<float> gathered;
    x = unitStrideSource(c, x, gathered);
    auto& e = cached<ConvForward>(c.key("conv-fwd", (b != nullptr) * 100 + activation, static_cast<long long>(alpha * 1e6)), [&] {
      dnnl::post_ops ops;
      appendActivation(ops, activation, alpha, args);
      dnnl::primitive_attr attr;
      attr.set_post_ops(ops);
      auto pd = forwardDesc(c, b != nullptr, attr);
      return convPrimitive<dnnl::convolution_forward>(c, pd, pd.weights_desc(), true);
    });
    memory weights = weightsFor(e.weights, e.userWeights, w);
    std::unordered_map<int, memory> run{{DNNL_ARG_SRC, memory(c.src(), cpuEngine(), x)},
                                        {DNNL_ARG_WEIGHTS, weights},
                                        {DNNL_ARG_DST, memory(c.dst(), cpuEngine(), y)}};
    if (b != nullptr) run.emplace(DNNL_ARG_BIAS, memory(memory::desc({c.oc}, dt::f32, tag::a), cpuEngine(), b));
    e.prim.execute(cpuStream(), run);
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

// convBackwardData(dy, w, dx, geometry)
Napi::Value ConvBackwardDataFn(const Napi::CallbackInfo& info) {
  return guarded(info, "convBackwardData", [&]() -> Napi::Value {
    ConvCall call(info, "convBackwardData", 4, 3);
    ConvGeometry c = call.geometry;
    float* dy = call.destination(0, "dy");
    float* w = call.weights(1, "filter");
    float* dx = call.source(2, "dx");
    std::vector<float> unitDx;
    ConvGeometry full = c;
    if (isStrided1x1(c)) {
      unitDx.resize(static_cast<size_t>(c.n * c.oh * c.ow * c.ic));
      c = unitStride(c);
    }
    float* target = unitDx.empty() ? dx : unitDx.data();
    auto& e = cached<ConvBackwardData>(c.key("conv-bwd-data"), [&] {
      auto pd = backwardDesc<dnnl::convolution_backward_data>(c);
      return convPrimitive<dnnl::convolution_backward_data>(c, pd, pd.weights_desc(), true);
    });
    memory weights = weightsFor(e.weights, e.userWeights, w);
    e.prim.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, memory(c.dst(), cpuEngine(), dy)},
                                 {DNNL_ARG_WEIGHTS, weights},
                                 {DNNL_ARG_DIFF_SRC, memory(c.src(), cpuEngine(), target)}});
    cpuStream().wait();
    if (!unitDx.empty()) strideCopy(full, dx, unitDx.data(), false);
    return info.Env().Undefined();
  });
}

// convBackwardWeights(x, dy, dw, geometry)
Napi::Value ConvBackwardWeightsFn(const Napi::CallbackInfo& info) {
  return guarded(info, "convBackwardWeights", [&]() -> Napi::Value {
    ConvCall call(info, "convBackwardWeights", 4, 3);
    ConvGeometry c = call.geometry;
    float* x = call.source(0, "x");
    float* dy = call.destination(1, "dy");
    float* dw = call.weights(2, "dw");
    std::vector<float> gathered;
    x = unitStrideSource(c, x, gathered);
    auto& e = cached<ConvBackwardWeights>(c.key("conv-bwd-weights"), [&] {
      auto pd = backwardDesc<dnnl::convolution_backward_weights>(c);
      return convPrimitive<dnnl::convolution_backward_weights>(c, pd, pd.diff_weights_desc(), false);
    });
    memory userDw(e.userWeights, cpuEngine(), dw);
    memory target = e.weights.needed ? e.weights.inner : userDw;
    e.prim.execute(cpuStream(), {{DNNL_ARG_SRC, memory(c.src(), cpuEngine(), x)},
                                 {DNNL_ARG_DIFF_DST, memory(c.dst(), cpuEngine(), dy)},
                                 {DNNL_ARG_DIFF_WEIGHTS, target}});
    if (e.weights.needed) e.weights.fromInner.execute(cpuStream(), e.weights.inner, userDw);
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

}  // namespace dk
