#pragma once
// The one CPU engine and stream every kernel runs on, the thread count, and the primitive cache.
#include <oneapi/dnnl/dnnl.hpp>

#include <chrono>
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
// This thread's index inside an OpenMP parallel region (0 outside one).
int threadIndex();
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

// What the cache has cost since the addon loaded: building a primitive JIT-compiles its kernel,
// which is most of a first training step's extra time (cacheStats() in JS).
struct CacheStats {
  double hits = 0, misses = 0, clears = 0, buildSeconds = 0;
};
CacheStats& cacheStats();
double secondsSince(const std::chrono::steady_clock::time_point& start);

template <class T>
T& cached(const std::string& key, const std::function<std::unique_ptr<T>()>& make) {
  auto& table = cacheTable();
  auto& stats = cacheStats();
  auto found = table.find(key);
  if (found != table.end()) {
    stats.hits++;
    return static_cast<T&>(*found->second);
  }
  if (table.size() >= cacheLimit()) {
    table.clear();
    stats.clears++;
  }
  stats.misses++;
  const auto start = std::chrono::steady_clock::now();
  auto entry = make();
  stats.buildSeconds += secondsSince(start);
  T& ref = *entry;
  table.emplace(key, std::move(entry));
  return ref;
}

// Builds a cache key from numbers.
std::string keyOf(const char* kind, std::initializer_list<long long> numbers);

}  // namespace dk
