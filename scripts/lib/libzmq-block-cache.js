'use strict'

// Recycled memory for libzmq's messages (native/libzmq/large_block_cache.cpp and
// small_block_cache.cpp, and docs/performance.md for what they buy): the files are copied
// into the extracted libzmq source and compiled with it, and the edits below route
// libzmq's allocations of message bodies and decoder buffers through them.

const path = require('path')
const { packageRoot } = require('./paths')
const { sourceChange } = require('./source-edits')

// Relative to the package root, so a source build from the npm package finds them too.
const SOURCES = [
  'native/libzmq/block_header.hpp',
  'native/libzmq/large_block_cache.hpp',
  'native/libzmq/large_block_cache.cpp',
  'native/libzmq/small_block_cache.hpp',
  'native/libzmq/small_block_cache.cpp',
]
const FILES = SOURCES.map((source) => ({
  from: path.join(packageRoot, source),
  to: path.join('src', path.basename(source)),
}))

const USES_CACHE = '#include "large_block_cache.hpp"\n'

const EDITS = [
  {
    name: 'compile the cache with libzmq',
    file: 'CMakeLists.txt',
    find: '    msg.cpp\n',
    replace: '    msg.cpp\n    large_block_cache.cpp\n    small_block_cache.cpp\n',
  },
  {
    name: 'messages include the cache',
    file: 'src/msg.cpp',
    find: '#include "msg.hpp"\n',
    replace: '#include "msg.hpp"\n' + USES_CACHE,
  },
  {
    // Both kinds of long message: a body libzmq allocated (init_size), and the small
    // record around a body the application gave (init_data). close() frees both the same
    // way, so both must come from the cache's allocator.
    name: 'long messages allocate from the cache',
    file: 'src/msg.cpp',
    find: 'static_cast<content_t *> (malloc (sizeof (content_t)',
    replace: 'static_cast<content_t *> (large_block_alloc (sizeof (content_t)',
    occurrences: 2,
  },
  {
    name: 'long messages free to the cache',
    file: 'src/msg.cpp',
    find: 'free (_u.lmsg.content);',
    replace: 'large_block_free (_u.lmsg.content);',
    occurrences: 2,
  },
  {
    name: 'decoder buffers include the cache',
    file: 'src/decoder_allocators.cpp',
    find: '#include "msg.hpp"\n',
    replace: '#include "msg.hpp"\n' + USES_CACHE,
  },
  {
    name: 'decoder buffers allocate from the cache',
    file: 'src/decoder_allocators.cpp',
    find: 'std::malloc (allocationsize)',
    replace: 'zmq::large_block_alloc (allocationsize)',
  },
  {
    name: 'decoder buffers free to the cache',
    file: 'src/decoder_allocators.cpp',
    find: 'std::free (_buf);\n    }\n    clear ();',
    replace: 'zmq::large_block_free (_buf);\n    }\n    clear ();',
  },
  {
    name: 'decoder buffers shared with messages free to the cache',
    file: 'src/decoder_allocators.cpp',
    find: 'std::free (buf);',
    replace: 'zmq::large_block_free (buf);',
  },
  {
    name: 'contexts include the cache',
    file: 'src/ctx.cpp',
    find: '#include "ctx.hpp"\n',
    replace: '#include "ctx.hpp"\n' + USES_CACHE,
  },
  {
    // A program that stopped sending large messages and closed its context gets the
    // memory back; one that keeps its context gets it back a second after its next
    // large message (the cache's idle rule).
    name: 'a destroyed context empties the cache',
    file: 'src/ctx.cpp',
    find: 'zmq::ctx_t::~ctx_t ()\n{\n',
    replace: 'zmq::ctx_t::~ctx_t ()\n{\n    large_block_release_all ();\n',
  },
]

module.exports = { ...sourceChange('libzmq block cache', EDITS, FILES), blockCacheSources: SOURCES }
