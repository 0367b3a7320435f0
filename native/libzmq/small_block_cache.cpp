// Recycled memory for libzmq's message bodies of up to 32 KiB (see docs/performance.md,
// "Small message memory").
//
// Why: a message is usually allocated on one thread and freed on another (the sending
// thread allocates what an I/O thread or, over inproc, the receiving thread frees). glibc
// returns such a block to the arena of the thread that allocated it, under that arena's
// lock, so sender and receiver contend for one lock per message: over inproc between two
// threads, a futex call per 1 KiB message, which bounded libzmq's own inproc_thr at about
// a third of its speed without the contention.
//
// How: each thread keeps short free lists of its own, by size class, and needs no lock
// for them. A thread that frees more than it allocates passes a batch of blocks to a
// shared depot, and a thread whose list is empty takes a batch from there, so the one
// mutex is taken once per batch, not per message. Both the lists and the depot are
// bounded in bytes; anything beyond goes back to the C library.

#include "precompiled.hpp"
#include "small_block_cache.hpp"

#include <stdlib.h>

#include "mutex.hpp"

namespace
{
using zmq::block_header_t;

// Classes are powers of two from 64 bytes to small_block_max.
const size_t smallest_class_bytes = 64;
const int class_count = 10;
typedef char classes_reach_small_block_max
  [(smallest_class_bytes << (class_count - 1)) == zmq::small_block_max ? 1 : -1];
// What a thread keeps per class before it passes a batch on, and the batch: a quarter.
const size_t thread_bytes_per_class = 256 * 1024;
const int thread_blocks_max = 128;
// What the depot keeps per class.
const size_t shared_bytes_per_class = 1024 * 1024;

size_t class_bytes (int class_)
{
    return smallest_class_bytes << class_;
}

int class_of (size_t size_)
{
    int index = 0;
    while (class_bytes (index) < size_)
        index++;
    return index;
}

// Called on every free: a shift, since classes are powers of two, not a division.
int thread_blocks (int class_)
{
    const size_t by_bytes =
      (thread_bytes_per_class / smallest_class_bytes) >> class_;
    return by_bytes < static_cast<size_t> (thread_blocks_max)
             ? static_cast<int> (by_bytes)
             : thread_blocks_max;
}

int batch_blocks (int class_)
{
    return thread_blocks (class_) / 4;
}

int shared_batches (int class_)
{
    return static_cast<int> (shared_bytes_per_class
                             / (class_bytes (class_) * batch_blocks (class_)));
}

// A batch is a list of blocks linked through `next`; batches in the depot are linked
// through the first word of their first block's body, which is free memory.
block_header_t *&next_batch (block_header_t *batch_)
{
    return *static_cast<block_header_t **> (zmq::body_of (batch_));
}

struct shared_depot_t
{
    zmq::mutex_t sync;
    block_header_t *batches[class_count];
    int counts[class_count];
};

// Allocated once and never destroyed: threads may free blocks while static destructors
// run at exit.
shared_depot_t &depot ()
{
    static shared_depot_t *const instance = new shared_depot_t ();
    return *instance;
}

struct thread_lists_t
{
    block_header_t *lists[class_count];
    int counts[class_count];
    // Set when the thread's lists were destroyed: a block freed later in the thread's
    // exit (or the process's) goes straight back to the C library.
    bool ended;

    thread_lists_t () : lists (), counts (), ended (false) {}
    // A thread that ends gives its blocks back to the C library.
    ~thread_lists_t ()
    {
        for (int index = 0; index < class_count; index++) {
            zmq::free_block_list (lists[index]);
            lists[index] = NULL;
            counts[index] = 0;
        }
        ended = true;
    }
};

thread_local thread_lists_t thread_lists;

// A batch from the depot for this thread's empty list, if the depot has one.
void refill (thread_lists_t &own_, int class_)
{
    shared_depot_t &shared = depot ();
    block_header_t *batch;
    {
        zmq::scoped_lock_t lock (shared.sync);
        batch = shared.batches[class_];
        if (batch) {
            shared.batches[class_] = next_batch (batch);
            shared.counts[class_]--;
        }
    }
    if (batch) {
        own_.lists[class_] = batch;
        own_.counts[class_] = batch_blocks (class_);
    }
}

// Passes a batch from the head of this thread's list to the depot (or to the C
// library, when the depot is full).
void pass_on (thread_lists_t &own_, int class_)
{
    const int blocks = batch_blocks (class_);
    block_header_t *batch = own_.lists[class_];
    block_header_t *last = batch;
    for (int i = 1; i < blocks; i++)
        last = last->next;
    own_.lists[class_] = last->next;
    own_.counts[class_] -= blocks;
    last->next = NULL;

    shared_depot_t &shared = depot ();
    {
        zmq::scoped_lock_t lock (shared.sync);
        if (shared.counts[class_] < shared_batches (class_)) {
            next_batch (batch) = shared.batches[class_];
            shared.batches[class_] = batch;
            shared.counts[class_]++;
            return;
        }
    }
    zmq::free_block_list (batch);
}
}

void *zmq::small_block_alloc (size_t size_)
{
    const int index = class_of (size_);
    thread_lists_t &own = thread_lists;
    if (!own.lists[index] && !own.ended)
        refill (own, index);
    if (block_header_t *block = own.lists[index]) {
        own.lists[index] = block->next;
        own.counts[index]--;
        return body_of (block);
    }
    block_header_t *block = static_cast<block_header_t *> (
      malloc (block_header_bytes + class_bytes (index)));
    if (!block)
        return NULL;
    block->capacity = small_block_flag | static_cast<size_t> (index);
    return body_of (block);
}

void zmq::small_block_free (block_header_t *block_)
{
    const int index = static_cast<int> (block_->capacity & ~small_block_flag);
    thread_lists_t &own = thread_lists;
    if (own.ended) {
        free (block_);
        return;
    }
    block_->next = own.lists[index];
    own.lists[index] = block_;
    if (++own.counts[index] > thread_blocks (index))
        pass_on (own, index);
}

void zmq::small_block_release_shared ()
{
    shared_depot_t &shared = depot ();
    block_header_t *all[class_count];
    {
        scoped_lock_t lock (shared.sync);
        for (int index = 0; index < class_count; index++) {
            all[index] = shared.batches[index];
            shared.batches[index] = NULL;
            shared.counts[index] = 0;
        }
    }
    for (int index = 0; index < class_count; index++) {
        for (block_header_t *batch = all[index]; batch;) {
            block_header_t *following = next_batch (batch);
            free_block_list (batch);
            batch = following;
        }
    }
}
