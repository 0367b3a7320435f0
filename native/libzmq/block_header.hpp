// The header in front of every block that zmq-napi's block caches hand out
// (large_block_cache.cpp, small_block_cache.cpp), so that a free can tell which cache,
// if any, a block belongs to.
#ifndef ZMQ_NAPI_BLOCK_HEADER_HPP
#define ZMQ_NAPI_BLOCK_HEADER_HPP

#include <stddef.h>
#include <stdlib.h>

namespace zmq
{
// Sits in front of each block, in block_header_bytes: 16, so that the block keeps the
// alignment malloc gives (16 on 64-bit platforms and on 32-bit x86).
struct block_header_t
{
    // Large blocks: bytes usable after the header, or 0 for blocks never kept.
    // Small blocks: small_block_flag | their size class.
    size_t capacity;
    block_header_t *next;
};
const size_t block_header_bytes = 16;
typedef char header_fits_in_header_bytes
  [sizeof (block_header_t) <= block_header_bytes ? 1 : -1];

const size_t small_block_flag = static_cast<size_t> (1)
                                << (sizeof (size_t) * 8 - 1);

inline void *body_of (block_header_t *header_)
{
    return reinterpret_cast<char *> (header_) + block_header_bytes;
}

inline block_header_t *header_of (void *body_)
{
    return reinterpret_cast<block_header_t *> (static_cast<char *> (body_)
                                               - block_header_bytes);
}

// Gives a list of blocks linked through `next` back to the C library.
inline void free_block_list (block_header_t *list_)
{
    while (list_) {
        block_header_t *next = list_->next;
        free (list_);
        list_ = next;
    }
}
}

#endif
