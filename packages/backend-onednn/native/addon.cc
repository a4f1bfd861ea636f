// The addon's entry: the kernel functions and the facts the engine report prints.
#include <napi.h>

#include "args.hpp"
#include "context.hpp"
#include "kernels.hpp"

namespace dk {
namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("version", versionString());
  out.Set("isa", isaName());
  out.Set("threads", threadCount());
  return out;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  return guarded(info, "setThreads", [&]() -> Napi::Value {
    Args args(info, "setThreads", 1);
    int64_t threads = args.integer(0, "threads");
    if (threads < 1 || threads > 4096) args.fail("threads must be between 1 and 4096, found " + std::to_string(threads));
    setThreadCount(static_cast<int>(threads));
    return Napi::Number::New(info.Env(), threadCount());
  });
}

Napi::Value ClearCache(const Napi::CallbackInfo& info) {
  return guarded(info, "clearCache", [&]() -> Napi::Value {
    size_t n = cacheTable().size();
    cacheTable().clear();
    return Napi::Number::New(info.Env(), static_cast<double>(n));
  });
}

// Primitive cache counters since load: entries now, hits, misses (primitives built), times the
// cache was emptied for being full, and the milliseconds spent building primitives.
Napi::Value CacheStatsFn(const Napi::CallbackInfo& info) {
  return guarded(info, "cacheStats", [&]() -> Napi::Value {
    const CacheStats& s = cacheStats();
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("entries", static_cast<double>(cacheTable().size()));
    out.Set("limit", static_cast<double>(cacheLimit()));
    out.Set("hits", s.hits);
    out.Set("misses", s.misses);
    out.Set("clears", s.clears);
    out.Set("buildMs", s.buildSeconds * 1000);
    return out;
  });
}

}  // namespace
}  // namespace dk

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace dk;
  auto add = [&](const char* name, Napi::Value (*fn)(const Napi::CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, fn, name));
  };
  add("info", Info);
  add("setThreads", SetThreads);
  add("clearCache", ClearCache);
  add("cacheStats", CacheStatsFn);
  add("convForward", ConvForwardFn);
  add("convBackwardData", ConvBackwardDataFn);
  add("convBackwardWeights", ConvBackwardWeightsFn);
  add("matMul", MatMulFn);
  add("poolForward", PoolForwardFn);
  add("poolBackward", PoolBackwardFn);
  add("batchNormForward", BatchNormForwardFn);
  add("batchNormBackward", BatchNormBackwardFn);
  add("batchNormInference", BatchNormInferenceFn);
  add("groupNormForward", GroupNormForwardFn);
  add("groupNormBackward", GroupNormBackwardFn);
  add("resizeBilinear", ResizeBilinearFn);
  add("resizeBilinearGrad", ResizeBilinearGradFn);
  add("binary", BinaryFn);
  add("unary", UnaryFn);
  add("reduce", ReduceFn);
  add("reluGradFromOutput", ReluGradFromOutputFn);
  add("eluGradFromOutput", EluGradFromOutputFn);
  add("copyBox", CopyBoxFn);
  add("fill", FillFn);
  add("gatherRows", GatherRowsFn);
  add("adamUpdate", AdamUpdateFn);
  add("sgdUpdate", SgdUpdateFn);
  return exports;
}

NODE_API_MODULE(depthkit_onednn, Init)
