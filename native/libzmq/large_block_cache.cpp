// A cache of recently freed large blocks, for libzmq's message bodies and decoder
// buffers (see docs/performance.md, "Recycled message memory").
//
// Why: a receiver that is slower than its sender holds a full pipe of messages (1,000
// by default), and libzmq lets its I/O thread refill the pipe only after the reader has
// drained half of it. With 64 KiB messages that is 32 MiB freed, then 32 MiB allocated
// again, many times a second. glibc gives freed memory at the top of a heap back to the
// system (madvise), so every refill page-faults its memory back in, zero-filled, on the
// I/O thread: a fifth of a tcp receiver's time at 64 KiB. Kept blocks are still mapped
// and usually still in cache.
//
// Blocks are freed on a different thread from the one that allocated them (the I/O
// thread allocates what the application thread frees, and the reverse when sending),
// so one mutex guards the cache; it is held for a few instructions per message of
// 32 KiB or more.

#include "precompiled.hpp"
#include "large_block_cache.hpp"
#include "block_header.hpp"
#include "small_block_cache.hpp"

#include <stdlib.h>

#include "clock.hpp"
#include "mutex.hpp"

namespace
{
using zmq::block_header_t;
using zmq::body_of;
using zmq::header_of;

// Smaller blocks are the small-block cache's (small_block_cache.cpp); larger ones are
// rare enough for the page faults not to matter.
const size_t kept_min = zmq::small_block_max;
const size_t kept_max = 4 * 1024 * 1024;
// Free lists by size class, eight classes per doubling from kept_min to kept_max.
const int classes_per_doubling = 8;
const int class_count = 7 * classes_per_doubling;
// As much as glibc itself may keep per heap (twice its largest mmap threshold): enough
// for the half pipe of 64 KiB messages that a refill takes.
const size_t kept_bytes_max = 64 * 1024 * 1024;
// Blocks that no allocation needed for this long are given back.
const uint64_t idle_us = 1000 * 1000;

struct block_cache_t
{
    zmq::mutex_t sync;
    block_header_t *lists[class_count];
    size_t kept_bytes;
    // The fewest bytes kept since period_start_us: that many were not needed.
    size_t low_water;
    uint64_t period_start_us;
};

// Allocated once and never destroyed: I/O threads of a context nobody terminated may
// still free blocks while static destructors run at exit.
block_cache_t &cache ()
{
    static block_cache_t *const instance = new block_cache_t ();
    return *instance;
}

int class_of (size_t size_)
{
    size_t low = kept_min;
    int index = 0;
    while (size_ > low * 2) {
        low *= 2;
        index += classes_per_doubling;
    }
    return index
           + static_cast<int> ((size_ - low - 1) / (low / classes_per_doubling));
}

bool is_kept_size (size_t size_)
{
    return size_ > kept_min && size_ <= kept_max;
}

// Unlinks blocks worth at least `bytes_` (largest classes first) and returns them as a
// list, to be freed outside the lock.
block_header_t *take_bytes (block_cache_t &cache_, size_t bytes_)
{
    block_header_t *taken = NULL;
    for (int index = class_count - 1; index >= 0 && bytes_ > 0; index--) {
        while (cache_.lists[index] && bytes_ > 0) {
            block_header_t *block = cache_.lists[index];
            cache_.lists[index] = block->next;
            cache_.kept_bytes -= block->capacity;
            bytes_ -= bytes_ < block->capacity ? bytes_ : block->capacity;
            block->next = taken;
            taken = block;
        }
    }
    if (cache_.low_water > cache_.kept_bytes)
        cache_.low_water = cache_.kept_bytes;
    return taken;
}

// Called with the lock held on every kept-size allocation and free: at the end of each
// idle period, takes out what the period did not use.
block_header_t *take_unused (block_cache_t &cache_)
{
    const uint64_t now = zmq::clock_t::now_us ();
    if (now - cache_.period_start_us < idle_us)
        return NULL;
    block_header_t *unused = take_bytes (cache_, cache_.low_water);
    cache_.period_start_us = now;
    cache_.low_water = cache_.kept_bytes;
    return unused;
}
}

// Under AddressSanitizer every block comes from malloc and goes back to free: a kept
// block looks allocated to ASan, so a message body used after its free went unreported
// (the XPUB fix in scripts/lib/libzmq-fixes.js was found only with the caches bypassed).
#if defined(__SANITIZE_ADDRESS__)
#define ZMQ_NAPI_BYPASS_BLOCK_CACHES 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ZMQ_NAPI_BYPASS_BLOCK_CACHES 1
#endif
#endif

void *zmq::large_block_alloc (size_t size_)
{
#ifndef ZMQ_NAPI_BYPASS_BLOCK_CACHES
    if (size_ > 0 && size_ <= small_block_max)
        return small_block_alloc (size_);
    const bool kept = is_kept_size (size_);
#else
    const bool kept = false;
#endif
    if (kept) {
        block_cache_t &c = cache ();
        block_header_t *reused = NULL;
        block_header_t *unused;
        {
            scoped_lock_t lock (c.sync);
            unused = take_unused (c);
            block_header_t **list = &c.lists[class_of (size_)];
            if (*list && (*list)->capacity >= size_) {
                reused = *list;
                *list = reused->next;
                c.kept_bytes -= reused->capacity;
                if (c.low_water > c.kept_bytes)
                    c.low_water = c.kept_bytes;
            }
        }
        zmq::free_block_list (unused);
        if (reused)
            return body_of (reused);
    }
    if (size_ > static_cast<size_t> (-1) - block_header_bytes)
        return NULL;
    block_header_t *block = static_cast<block_header_t *> (
      malloc (block_header_bytes + size_));
    if (!block)
        return NULL;
    block->capacity = kept ? size_ : 0;
    return body_of (block);
}

void zmq::large_block_free (void *block_)
{
    if (!block_)
        return;
    block_header_t *block = header_of (block_);
    if (block->capacity & small_block_flag) {
        small_block_free (block);
        return;
    }
    if (block->capacity) {
        block_cache_t &c = cache ();
        block_header_t *unused;
        bool kept = false;
        {
            scoped_lock_t lock (c.sync);
            unused = take_unused (c);
            if (c.kept_bytes + block->capacity <= kept_bytes_max) {
                block_header_t **list = &c.lists[class_of (block->capacity)];
                block->next = *list;
                *list = block;
                c.kept_bytes += block->capacity;
                kept = true;
            }
        }
        zmq::free_block_list (unused);
        if (kept)
            return;
    }
    free (block);
}

void zmq::large_block_release_all ()
{
    block_cache_t &c = cache ();
    block_header_t *all;
    {
        scoped_lock_t lock (c.sync);
        all = take_bytes (c, c.kept_bytes);
    }
    zmq::free_block_list (all);
    small_block_release_shared ();
}
