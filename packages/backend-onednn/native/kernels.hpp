#pragma once
// Every function the addon exports, one family per file.
#include <napi.h>
#include <oneapi/dnnl/dnnl.hpp>

namespace dk {

class Args;

// Fused activation codes shared with src/kernels/activation.ts.
constexpr int64_t kActivationNone = 0;
constexpr int64_t kActivationRelu = 1;  // alpha: the leaky slope (0 for ReLU)
constexpr int64_t kActivationRelu6 = 2;
constexpr int64_t kActivationElu = 3;
constexpr int64_t kActivationSigmoid = 4;
void appendActivation(dnnl::post_ops& ops, int64_t activation, float alpha, const Args& args);

Napi::Value ConvForwardFn(const Napi::CallbackInfo& info);
Napi::Value ConvBackwardDataFn(const Napi::CallbackInfo& info);
Napi::Value ConvBackwardWeightsFn(const Napi::CallbackInfo& info);
Napi::Value MatMulFn(const Napi::CallbackInfo& info);
Napi::Value PoolForwardFn(const Napi::CallbackInfo& info);
Napi::Value PoolBackwardFn(const Napi::CallbackInfo& info);
Napi::Value BatchNormForwardFn(const Napi::CallbackInfo& info);
Napi::Value BatchNormBackwardFn(const Napi::CallbackInfo& info);
Napi::Value BatchNormInferenceFn(const Napi::CallbackInfo& info);
Napi::Value GroupNormForwardFn(const Napi::CallbackInfo& info);
Napi::Value GroupNormBackwardFn(const Napi::CallbackInfo& info);
Napi::Value ResizeBilinearFn(const Napi::CallbackInfo& info);
Napi::Value ResizeBilinearGradFn(const Napi::CallbackInfo& info);
Napi::Value BinaryFn(const Napi::CallbackInfo& info);
Napi::Value UnaryFn(const Napi::CallbackInfo& info);
Napi::Value ReduceFn(const Napi::CallbackInfo& info);
Napi::Value ReluGradFromOutputFn(const Napi::CallbackInfo& info);
Napi::Value EluGradFromOutputFn(const Napi::CallbackInfo& info);
Napi::Value CopyBoxFn(const Napi::CallbackInfo& info);
Napi::Value FillFn(const Napi::CallbackInfo& info);
Napi::Value GatherRowsFn(const Napi::CallbackInfo& info);
Napi::Value AdamUpdateFn(const Napi::CallbackInfo& info);
Napi::Value SgdUpdateFn(const Napi::CallbackInfo& info);

}  // namespace dk
