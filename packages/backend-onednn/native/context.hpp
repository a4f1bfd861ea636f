#pragma once
// The one CPU engine and stream every kernel runs on, the thread count, and the primitive cache.
#include <oneapi/dnnl/dnnl.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace dk {

dnnl::engine& cpuEngine();
dnnl::stream& cpuStream();

// JS is single-threaded, but worker_threads may load the addon too: one kernel at a time.
std::mutex& kernelMutex();

int threadCount();
void setThreadCount(int threads);
std::string isaName();
std::string versionString();

// Runs a scope on one thread: waking sleeping OpenMP threads costs more than they save on
// tensors of a few hundred kilobytes (an optimizer's per-weight updates).
class SerialBelow {
 public:
  SerialBelow(int64_t elements, int64_t threshold);
  ~SerialBelow();

 private:
  int saved_ = 0;
};

// A cached primitive (and whatever it needs besides: reorders, scratch buffers), by key.
struct Cached {
  virtual ~Cached() = default;
};

// Returns the entry under `key`, building it with `make` on a miss. Bounded: the cache is
// cleared when it grows past its limit (shapes change rarely within one training run).
template <class T>
T& cached(const std::string& key, const std::function<std::unique_ptr<T>()>& make);

std::unordered_map<std::string, std::unique_ptr<Cached>>& cacheTable();
size_t cacheLimit();

template <class T>
T& cached(const std::string& key, const std::function<std::unique_ptr<T>()>& make) {
  auto& table = cacheTable();
  auto found = table.find(key);
  if (found != table.end()) return static_cast<T&>(*found->second);
  if (table.size() >= cacheLimit()) table.clear();
  auto entry = make();
  T& ref = *entry;
  table.emplace(key, std::move(entry));
  return ref;
}

// Builds a cache key from numbers.
std::string keyOf(const char* kind, std::initializer_list<long long> numbers);

}  // namespace dk
