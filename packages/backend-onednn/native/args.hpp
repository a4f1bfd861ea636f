#pragma once
// Argument checks for every exported function: a wrong call throws a JS error naming the
// function and the argument, never reads out of bounds.
#include <napi.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace dk {

class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* fn, size_t count);

  // A Float32Array argument of exactly `length` elements.
  float* floats(size_t i, size_t length, const char* what) const;
  // A Float32Array or null/undefined (returns nullptr).
  float* optionalFloats(size_t i, size_t length, const char* what) const;
  // An array of integers of exactly `length` (or any length when length == SIZE_MAX).
  std::vector<int64_t> ints(size_t i, size_t length, const char* what) const;
  int64_t integer(size_t i, const char* what) const;
  double number(size_t i, const char* what) const;

  [[noreturn]] void fail(const std::string& message) const;
  Napi::Env env() const { return info_.Env(); }

 private:
  const Napi::CallbackInfo& info_;
  const char* fn_;
};

// Wraps a kernel so oneDNN and C++ errors become JS exceptions, under the kernel mutex.
Napi::Value guarded(const Napi::CallbackInfo& info, const char* fn, const std::function<Napi::Value()>& body);

// No JS array holds more elements; larger sizes can only come from a wrong or wrapped shape.
constexpr int64_t kMaxElements = int64_t{1} << 53;

// Product of a list, refusing non-positive dims and products beyond kMaxElements.
int64_t volume(const Args& args, const std::vector<int64_t>& dims, const char* what);

}  // namespace dk
