#pragma once
// Cache-line aligned storage for state vectors and operator tables. The kernels load two
// amplitudes (32 bytes) at a time; glibc aligns heap blocks to 16 bytes only, so on a
// 16-byte offset every such load straddles a 32-byte boundary and half of them a cache
// line, and the speed of a sweep depended on where earlier allocations had left the heap
// (the same benchmark measured up to 20 % apart in different runs).
#include <cstddef>
#include <new>
#include <vector>

namespace qmlff {

template <typename T>
struct CacheAlignedAllocator {
  using value_type = T;
  static constexpr std::size_t kAlignment = 64;
  CacheAlignedAllocator() = default;
  template <typename U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(kAlignment))); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(kAlignment)); }
  template <typename U>
  bool operator==(const CacheAlignedAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const CacheAlignedAllocator<U>&) const {
    return false;
  }
};

template <typename T>
using AlignedVector = std::vector<T, CacheAlignedAllocator<T>>;

}  // namespace qmlff
