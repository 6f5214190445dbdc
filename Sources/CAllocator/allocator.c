/*
 * glibc's allocator serves each block of 128 KiB or more with a fresh mmap(2) and unmaps it when it is
 * freed, raising that limit only after the first such free. Every fresh mapping is zeroed by the kernel
 * page by page on first touch. A `link` allocates and frees blobs, inflated deltas and xdiff tables of
 * that size thousands of times; with the limit at its maximum (32 MiB) and the heap trimmed only when
 * 64 MiB at its top are free, that memory is reused instead.
 */
#include <malloc.h>

#include "autoheal_allocator.h"

void autoheal_reuse_freed_memory(void) {
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}
