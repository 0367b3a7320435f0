// zmq-napi's addition to the libzmq it builds (scripts/lib/libzmq-block-cache.js copies
// this file into libzmq's src/): recycled memory for message bodies up to 32 KiB.
#ifndef ZMQ_NAPI_SMALL_BLOCK_CACHE_HPP
#define ZMQ_NAPI_SMALL_BLOCK_CACHE_HPP

#include <stddef.h>

#include "block_header.hpp"

namespace zmq
{
// The largest size the small-block cache serves; larger ones are the large cache's.
const size_t small_block_max = 32 * 1024;

// A block of at least size_ bytes (1 to small_block_max), its header marked small.
void *small_block_alloc (size_t size_);
// Takes back a block whose header small_block_alloc marked.
void small_block_free (block_header_t *block_);
// Gives back the blocks no thread holds (a context is being destroyed).
void small_block_release_shared ();
}

#endif
