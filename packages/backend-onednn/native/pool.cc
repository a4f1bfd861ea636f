// Max and average pooling on NHWC, forward and backward. Average pooling excludes padding,
// as tfjs does; max pooling's backward re-runs the forward to get oneDNN's argmax workspace.
#include <oneapi/dnnl/dnnl.hpp>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

struct PoolGeometry {
  int64_t n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr;
  memory::desc src() const { return memory::desc({n, c, ih, iw}, dt::f32, tag::nhwc); }
  memory::desc dst() const { return memory::desc({n, c, oh, ow}, dt::f32, tag::nhwc); }
  int64_t srcSize() const { return n * ih * iw * c; }
  int64_t dstSize() const { return n * oh * ow * c; }
  std::string key(const char* kind, long long alg) const {
    return keyOf(kind, {n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr, alg});
  }
};

PoolGeometry parseGeometry(const Args& args, size_t i) {
  auto g = args.ints(i, 14, "geometry [n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr]");
  PoolGeometry p{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12], g[13]};
  volume(args, {p.n, p.ih, p.iw, p.c}, "geometry's source dims");
  volume(args, {p.n, p.oh, p.ow, p.c}, "geometry's destination dims");
  volume(args, {p.kh, p.kw, p.sh, p.sw}, "geometry's window and strides");
  if (p.pt < 0 || p.pl < 0 || p.pb < 0 || p.pr < 0) args.fail("padding must be >= 0");
  if ((p.ih - p.kh + p.pt + p.pb) / p.sh + 1 != p.oh || (p.iw - p.kw + p.pl + p.pr) / p.sw + 1 != p.ow) {
    args.fail("output size does not follow from input, window, stride and padding");
  }
  return p;
}

dnnl::algorithm algorithmOf(const Args& args, int64_t kind) {
  if (kind == 0) return dnnl::algorithm::pooling_max;
  if (kind == 1) return dnnl::algorithm::pooling_avg_exclude_padding;
  args.fail("kind must be 0 (max) or 1 (avg)");
}

dnnl::pooling_forward::primitive_desc forwardDesc(const PoolGeometry& p, dnnl::algorithm alg, dnnl::prop_kind prop) {
  dnnl::pooling_forward::desc d(prop, alg, p.src(), p.dst(), {p.sh, p.sw}, {p.kh, p.kw}, {p.pt, p.pl}, {p.pb, p.pr});
  return dnnl::pooling_forward::primitive_desc(d, cpuEngine());
}

struct PoolForward : Cached {
  dnnl::pooling_forward prim;
};

struct PoolBackward : Cached {
  dnnl::pooling_forward forward;
  dnnl::pooling_backward backward;
  memory workspace, scratchDst;
  bool needsForward = false;
};

}  // namespace

// poolForward(kind, x, y, geometry)
Napi::Value PoolForwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "poolForward", [&]() -> Napi::Value {
    Args args(info, "poolForward", 4);
    int64_t kind = args.integer(0, "kind");
    dnnl::algorithm alg = algorithmOf(args, kind);
    PoolGeometry p = parseGeometry(args, 3);
    float* x = args.floats(1, p.srcSize(), "x");
    float* y = args.floats(2, p.dstSize(), "y");
    auto& e = cached<PoolForward>(p.key("pool-fwd", kind), [&] {
      auto entry = std::make_unique<PoolForward>();
      entry->prim = dnnl::pooling_forward(forwardDesc(p, alg, dnnl::prop_kind::forward_inference));
      return entry;
    });
    e.prim.execute(cpuStream(), {{DNNL_ARG_SRC, memory(p.src(), cpuEngine(), x)}, {DNNL_ARG_DST, memory(p.dst(), cpuEngine(), y)}});
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

// poolBackward(kind, x | null (needed for max), dy, dx, geometry)
Napi::Value PoolBackwardFn(const Napi::CallbackInfo& info) {
  return guarded(info, "poolBackward", [&]() -> Napi::Value {
    Args args(info, "poolBackward", 5);
    int64_t kind = args.integer(0, "kind");
    dnnl::algorithm alg = algorithmOf(args, kind);
    PoolGeometry p = parseGeometry(args, 4);
    float* x = kind == 0 ? args.floats(1, p.srcSize(), "x") : nullptr;
    float* dy = args.floats(2, p.dstSize(), "dy");
    float* dx = args.floats(3, p.srcSize(), "dx");
    auto& e = cached<PoolBackward>(p.key("pool-bwd", kind), [&] {
      auto entry = std::make_unique<PoolBackward>();
      auto hint = forwardDesc(p, alg, dnnl::prop_kind::forward_training);
      dnnl::pooling_backward::desc d(alg, p.src(), p.dst(), {p.sh, p.sw}, {p.kh, p.kw}, {p.pt, p.pl}, {p.pb, p.pr});
      auto pd = dnnl::pooling_backward::primitive_desc(d, cpuEngine(), hint);
      entry->backward = dnnl::pooling_backward(pd);
      entry->needsForward = kind == 0;
      if (entry->needsForward) {
        entry->forward = dnnl::pooling_forward(hint);
        entry->workspace = memory(hint.workspace_desc(), cpuEngine());
        entry->scratchDst = memory(p.dst(), cpuEngine());
      }
      return entry;
    });
    std::unordered_map<int, memory> run{{DNNL_ARG_DIFF_DST, memory(p.dst(), cpuEngine(), dy)},
                                        {DNNL_ARG_DIFF_SRC, memory(p.src(), cpuEngine(), dx)}};
    if (e.needsForward) {
      e.forward.execute(cpuStream(), {{DNNL_ARG_SRC, memory(p.src(), cpuEngine(), x)},
                                      {DNNL_ARG_DST, e.scratchDst},
                                      {DNNL_ARG_WORKSPACE, e.workspace}});
      run.emplace(DNNL_ARG_WORKSPACE, e.workspace);
    }
    e.backward.execute(cpuStream(), run);
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

}  // namespace dk
