// Batched matrix products with tfjs's transposes read through strides (no transpose copies),
// batch broadcasting, and bias + activation as post-ops.
#include <oneapi/dnnl/dnnl.hpp>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

using dnnl::memory;
using dt = memory::data_type;

struct MatMulEntry : Cached {
  dnnl::matmul prim;
  memory::desc a, b, bias, c;
};

}  // namespace

// matMul(a, b, bias | null, c, [batchA, batchB, m, k, n, transposeA, transposeB], activation, alpha)
Napi::Value MatMulFn(const Napi::CallbackInfo& info) {
  return guarded(info, "matMul", [&]() -> Napi::Value {
    Args args(info, "matMul", 7);
    auto d = args.ints(4, 7, "dims [batchA, batchB, m, k, n, transposeA, transposeB]");
    int64_t ba = d[0], bb = d[1], m = d[2], k = d[3], n = d[4];
    bool ta = d[5] != 0, tb = d[6] != 0;
    volume(args, {ba, m, k}, "dims of a");
    volume(args, {bb, k, n}, "dims of b");
    if (ba != bb && ba != 1 && bb != 1) args.fail("batch sizes must match or one must be 1");
    int64_t batch = std::max(ba, bb);
    volume(args, {batch, m, n}, "dims of c");
    float* a = args.floats(0, ba * m * k, "a");
    float* b = args.floats(1, bb * k * n, "b");
    float* bias = args.optionalFloats(2, n, "bias");
    float* c = args.floats(3, batch * m * n, "c");
    int64_t activation = args.integer(5, "activation");
    float alpha = static_cast<float>(args.number(6, "alpha"));
    std::string key = keyOf("matmul", {ba, bb, m, k, n, ta, tb, bias != nullptr, activation, static_cast<long long>(alpha * 1e6)});
    auto& e = cached<MatMulEntry>(key, [&] {
      auto entry = std::make_unique<MatMulEntry>();
      entry->a = memory::desc({ba, m, k}, dt::f32, ta ? memory::dims{m * k, 1, m} : memory::dims{m * k, k, 1});
      entry->b = memory::desc({bb, k, n}, dt::f32, tb ? memory::dims{k * n, 1, k} : memory::dims{k * n, n, 1});
      entry->c = memory::desc({batch, m, n}, dt::f32, memory::dims{m * n, n, 1});
      entry->bias = bias != nullptr ? memory::desc({1, 1, n}, dt::f32, memory::dims{n, n, 1}) : memory::desc();
      dnnl::post_ops ops;
      appendActivation(ops, activation, alpha, args);
      dnnl::primitive_attr attr;
      attr.set_post_ops(ops);
      dnnl::matmul::desc desc(entry->a, entry->b, entry->bias, entry->c);
      entry->prim = dnnl::matmul(dnnl::matmul::primitive_desc(desc, attr, cpuEngine()));
      return entry;
    });
    std::unordered_map<int, memory> run{{DNNL_ARG_SRC, memory(e.a, cpuEngine(), a)},
                                        {DNNL_ARG_WEIGHTS, memory(e.b, cpuEngine(), b)},
                                        {DNNL_ARG_DST, memory(e.c, cpuEngine(), c)}};
    if (bias != nullptr) run.emplace(DNNL_ARG_BIAS, memory(e.bias, cpuEngine(), bias));
    e.prim.execute(cpuStream(), run);
    cpuStream().wait();
    return info.Env().Undefined();
  });
}

}  // namespace dk
