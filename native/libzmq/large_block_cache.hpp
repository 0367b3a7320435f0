// zmq-napi's addition to the libzmq it builds (scripts/lib/libzmq-block-cache.js copies
// this file into libzmq's src/ and points libzmq's large-message allocations at it).
#ifndef ZMQ_NAPI_LARGE_BLOCK_CACHE_HPP
#define ZMQ_NAPI_LARGE_BLOCK_CACHE_HPP

#include <stddef.h>

namespace zmq
{
// malloc() and free() for message bodies and decoder buffers. Blocks of 32 KiB to
// 4 MiB are kept for reuse instead of going back to the C library; smaller ones go to
// the small-block cache (small_block_cache.hpp).
void *large_block_alloc (size_t size_);
void large_block_free (void *block_);
// Gives every kept block back, and the small-block cache's shared ones (a context is
// being destroyed).
void large_block_release_all ();
}

#endif
