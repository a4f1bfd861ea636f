#include "args.hpp"

#include <oneapi/dnnl/dnnl.hpp>

#include <signal.h>

#include <cmath>
#include <string>

#include "context.hpp"

namespace dk {

Args::Args(const Napi::CallbackInfo& info, const char* fn, size_t count) : info_(info), fn_(fn) {
  if (info.Length() != count) {
    fail("expected " + std::to_string(count) + " arguments, found " + std::to_string(info.Length()));
  }
}

void Args::fail(const std::string& message) const {
  throw Napi::TypeError::New(info_.Env(), std::string("@depthkit/backend-onednn ") + fn_ + ": " + message);
}

float* Args::floats(size_t i, size_t length, const char* what) const {
  Napi::Value v = info_[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    fail(std::string(what) + " must be a Float32Array");
  }
  auto array = v.As<Napi::Float32Array>();
  if (array.ElementLength() != length) {
    fail(std::string(what) + ": expected " + std::to_string(length) + " elements, found " +
         std::to_string(array.ElementLength()));
  }
  return array.Data();
}

float* Args::optionalFloats(size_t i, size_t length, const char* what) const {
  Napi::Value v = info_[i];
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  return floats(i, length, what);
}

std::vector<int64_t> Args::ints(size_t i, size_t length, const char* what) const {
  Napi::Value v = info_[i];
  if (!v.IsArray()) fail(std::string(what) + " must be an array of integers");
  auto array = v.As<Napi::Array>();
  if (length != SIZE_MAX && array.Length() != length) {
    fail(std::string(what) + ": expected " + std::to_string(length) + " integers, found " +
         std::to_string(array.Length()));
  }
  std::vector<int64_t> out(array.Length());
  for (uint32_t k = 0; k < array.Length(); k++) {
    Napi::Value e = array.Get(k);
    if (!e.IsNumber()) fail(std::string(what) + "[" + std::to_string(k) + "] is not a number");
    double d = e.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d) || d != std::floor(d)) fail(std::string(what) + "[" + std::to_string(k) + "] is not an integer");
    out[k] = static_cast<int64_t>(d);
  }
  return out;
}

int64_t Args::integer(size_t i, const char* what) const {
  double d = number(i, what);
  if (d != std::floor(d)) fail(std::string(what) + " must be an integer");
  return static_cast<int64_t>(d);
}

double Args::number(size_t i, const char* what) const {
  Napi::Value v = info_[i];
  if (!v.IsNumber()) fail(std::string(what) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) fail(std::string(what) + " must be finite");
  return d;
}

int64_t volume(const Args& args, const std::vector<int64_t>& dims, const char* what) {
  int64_t v = 1;
  for (int64_t d : dims) {
    if (d <= 0) args.fail(std::string(what) + " has a dimension " + std::to_string(d) + " (expected > 0)");
    // A wrapped product could equal a small array's length and let a kernel run past it.
    if (__builtin_mul_overflow(v, d, &v) || v > kMaxElements) {
      args.fail(std::string(what) + ": more than 2^53 elements");
    }
  }
  return v;
}

namespace {

// V8's CPU profiler (`node --cpu-prof`) samples the main thread with SIGPROF, and the handler's
// frame is pushed at the interrupted stack pointer. Some of oneDNN's JIT kernels move the stack
// pointer while they run (valgrind: "client switching stacks"), so a sample landing inside one
// corrupted the heap (glibc abort in V8's profiler thread, at any shape). Held back for the
// kernel's duration, the signal is delivered — and the sample taken — when the kernel returns.
class ProfilerSignalHold {
 public:
  ProfilerSignalHold() {
    sigset_t prof;
    sigemptyset(&prof);
    sigaddset(&prof, SIGPROF);
    held_ = pthread_sigmask(SIG_BLOCK, &prof, &previous_) == 0;
  }
  ~ProfilerSignalHold() {
    if (held_) pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  ProfilerSignalHold(const ProfilerSignalHold&) = delete;
  ProfilerSignalHold& operator=(const ProfilerSignalHold&) = delete;

 private:
  sigset_t previous_;
  bool held_ = false;
};

}  // namespace

Napi::Value guarded(const Napi::CallbackInfo& info, const char* fn, const std::function<Napi::Value()>& body) {
  std::lock_guard<std::mutex> lock(kernelMutex());
  ProfilerSignalHold profilerHold;
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const dnnl::error& e) {
    throw Napi::Error::New(info.Env(), std::string("@depthkit/backend-onednn ") + fn + ": oneDNN: " + e.what());
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("@depthkit/backend-onednn ") + fn + ": " + e.what());
  }
}

}  // namespace dk
