#include "context.hpp"

#include <sstream>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace dk {

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

std::mutex& kernelMutex() {
  static std::mutex mutex;
  return mutex;
}

int threadCount() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

int threadIndex() {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

void setThreadCount(int threads) {
#ifdef _OPENMP
  omp_set_num_threads(threads);
#else
  (void)threads;
#endif
}

std::string isaName() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_mic: return "avx512_mic";
    case dnnl::cpu_isa::avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    case dnnl::cpu_isa::all: return "all";
    default: return "generic";
  }
}

std::string versionString() {
  const dnnl_version_t* v = dnnl_version();
  std::ostringstream out;
  out << v->major << '.' << v->minor << '.' << v->patch;
  return out.str();
}

SerialBelow::SerialBelow(int64_t elements, int64_t threshold) {
#ifdef _OPENMP
  if (elements < threshold) {
    saved_ = omp_get_max_threads();
    omp_set_num_threads(1);
  }
#else
  (void)elements;
  (void)threshold;
#endif
}

SerialBelow::~SerialBelow() {
#ifdef _OPENMP
  if (saved_ > 0) omp_set_num_threads(saved_);
#endif
}

std::unordered_map<std::string, std::unique_ptr<Cached>>& cacheTable() {
  static std::unordered_map<std::string, std::unique_ptr<Cached>> table;
  return table;
}

size_t cacheLimit() { return 1024; }

CacheStats& cacheStats() {
  static CacheStats stats;
  return stats;
}

double secondsSince(const std::chrono::steady_clock::time_point& start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string keyOf(const char* kind, std::initializer_list<long long> numbers) {
  std::string key(kind);
  for (long long n : numbers) {
    key += ',';
    key += std::to_string(n);
  }
  return key;
}

}  // namespace dk
