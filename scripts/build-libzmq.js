#!/usr/bin/env node
'use strict'

// Builds the pinned libzmq as a static, position-independent archive (drafts + CURVE via
// the built-in tweetnacl, no external libraries), plus libzmq's perf programs, into
// deps/libzmq-<version>/:
//   install/include/zmq.h, install/lib/libzmq.a   what the addon links
//   perf/{local,remote}_{thr,lat}, inproc_{thr,lat}, writing_sender   what the benchmark runs
// A stamp records the source sha256 and options; a matching stamp skips all work
// (including fetching the source).

const fs = require('fs')
const path = require('path')
const pin = require('./lib/pin')
const { libzmqDir, libzmqPrefix, libzmqPerfDir, libzmqPerfPrograms, buildLock } = require('./lib/paths')
const { withBuildLock } = require('./lib/lock')
const { log, run, cpuCount, sha256File } = require('./lib/util')
const { obtainLibzmqSource } = require('./libzmq-source')
const { linkTimeOptimization } = require('./lib/mode')
// What zmq-napi changes in the extracted source, in the order applied: bug fixes, then
// the performance changes (docs/building.md).
const SOURCE_CHANGES = {
  fixes: require('./lib/libzmq-fixes'),
  blockCache: require('./lib/libzmq-block-cache'),
  directBodies: require('./lib/libzmq-direct-bodies'),
  mailboxCheck: require('./lib/libzmq-mailbox-check'),
  hangupDrain: require('./lib/libzmq-hangup-drain'),
  lingerFlush: require('./lib/libzmq-linger-flush'),
}

const PERF_PROJECT = path.join(__dirname, 'lib', 'perf-tools')
// Turns on link-time optimization inside libzmq's own CMake project (see the file).
const LTO_INCLUDE = path.join(__dirname, 'lib', 'link-time-optimization.cmake')

const CMAKE_OPTIONS = {
  CMAKE_BUILD_TYPE: 'Release',
  CMAKE_POSITION_INDEPENDENT_CODE: 'ON', // the archive ends up inside a shared object
  CMAKE_INSTALL_LIBDIR: 'lib', // never lib64: the addon's CMakeLists expects lib/
  BUILD_SHARED: 'OFF',
  BUILD_STATIC: 'ON',
  ENABLE_DRAFTS: 'ON',
  ENABLE_WS: 'ON', // uses libzmq's built-in sha1, so no extra dependency
  ENABLE_CURVE: 'ON',
  WITH_LIBSODIUM: 'OFF', // built-in tweetnacl: nothing to ship or find at runtime
  WITH_LIBBSD: 'OFF',
  WITH_TLS: 'OFF',
  WITH_DOCS: 'OFF',
  BUILD_TESTS: 'OFF',
  ENABLE_CPACK: 'OFF',
  // libzmq asks for an old CMake, which would ignore the link-time optimization switch.
  CMAKE_POLICY_DEFAULT_CMP0069: 'NEW',
  ZMQ_NAPI_LTO: linkTimeOptimization(),
  // MSVC: the static C runtime, as cmake-js builds the addon with (/MT).
  ...(process.platform === 'win32'
    ? { CMAKE_POLICY_DEFAULT_CMP0091: 'NEW', CMAKE_MSVC_RUNTIME_LIBRARY: 'MultiThreaded' }
    : {}),
}

const layout = {
  source: path.join(libzmqDir, 'source'),
  build: path.join(libzmqDir, 'build'),
  perfBuild: path.join(libzmqDir, 'perf-build'),
  stamp: path.join(libzmqDir, 'stamp.json'),
  outputs: [
    path.join(libzmqPrefix, 'include', 'zmq.h'),
    ...libzmqPerfPrograms.map((tool) => path.join(libzmqPerfDir, process.platform === 'win32' ? `${tool}.exe` : tool)),
  ],
}

// libzmq.a, or on MSVC an archive named after the toolset (libzmq-v143-mt-s-4_3_4.lib);
// scripts/lib/static-libzmq.cmake finds it the same way.
function hasStaticLibrary() {
  const lib = path.join(libzmqPrefix, 'lib')
  if (process.platform !== 'win32') return fs.existsSync(path.join(lib, 'libzmq.a'))
  return fs.existsSync(lib) && fs.readdirSync(lib).some((name) => /^libzmq.*-s-.*\.lib$/.test(name))
}

// Everything that changes the output: a different value means a rebuild.
function wantedStamp() {
  return JSON.stringify({
    sha256: pin.sha256,
    options: CMAKE_OPTIONS,
    perfProject: ['CMakeLists.txt', 'writing_sender.cpp'].map((file) => sha256File(path.join(PERF_PROJECT, file))),
    lto: sha256File(LTO_INCLUDE),
    sourceChanges: Object.entries(SOURCE_CHANGES).map(([name, change]) => [name, change.digest()]),
    platform: `${process.platform}-${process.arch}`,
    compilers: [process.env.CC || '', process.env.CXX || ''],
  })
}

function isUpToDate() {
  try {
    return (
      fs.readFileSync(layout.stamp, 'utf8') === wantedStamp() &&
      layout.outputs.every((f) => fs.existsSync(f)) &&
      hasStaticLibrary()
    )
  } catch {
    return false
  }
}

function defines(options) {
  return Object.entries(options).map(([key, value]) => `-D${key}=${value}`)
}

function buildLibzmq() {
  return withBuildLock(buildLock, buildUnlocked)
}

async function buildUnlocked() {
  const result = { prefix: libzmqPrefix, perfDir: libzmqPerfDir }
  if (isUpToDate()) {
    log(`static libzmq ${pin.version} is up to date in ${path.relative(process.cwd(), libzmqDir) || '.'}`)
    return result
  }
  const tarball = await obtainLibzmqSource()
  const jobs = String(cpuCount())
  const started = Date.now()

  // Start clean: a stale build tree from other options or sources must not leak in.
  fs.rmSync(libzmqDir, { recursive: true, force: true })
  fs.mkdirSync(layout.source, { recursive: true })
  log(`extracting ${tarball}`)
  run('cmake', ['-E', 'tar', 'xzf', tarball], { cwd: layout.source })
  const sourceDir = path.join(layout.source, pin.topDir)
  for (const change of Object.values(SOURCE_CHANGES)) change.apply(sourceDir)

  log(`building static libzmq ${pin.version} with ${jobs} jobs`)
  run('cmake', [
    '-S', sourceDir,
    '-B', layout.build,
    ...defines({ ...CMAKE_OPTIONS, CMAKE_INSTALL_PREFIX: libzmqPrefix, CMAKE_PROJECT_INCLUDE: LTO_INCLUDE }),
  ])
  run('cmake', ['--build', layout.build, '--config', 'Release', '--parallel', jobs])
  run('cmake', ['--install', layout.build, '--config', 'Release'])

  log('building libzmq perf programs')
  run('cmake', [
    '-S', PERF_PROJECT,
    '-B', layout.perfBuild,
    ...defines({
      CMAKE_BUILD_TYPE: 'Release',
      LIBZMQ_SOURCE_DIR: sourceDir,
      LIBZMQ_BUILD_DIR: layout.build,
      ZMQ_PREFIX: libzmqPrefix,
      CMAKE_RUNTIME_OUTPUT_DIRECTORY: libzmqPerfDir,
      ZMQ_NAPI_LTO: CMAKE_OPTIONS.ZMQ_NAPI_LTO,
    }),
  ])
  run('cmake', ['--build', layout.perfBuild, '--config', 'Release', '--parallel', jobs])

  const missing = layout.outputs.filter((file) => !fs.existsSync(file))
  if (missing.length) throw new Error(`libzmq build finished but these are missing: ${missing.join(', ')}`)
  fs.writeFileSync(layout.stamp, wantedStamp())
  log(`static libzmq ${pin.version} built in ${Math.round((Date.now() - started) / 1000)} s`)
  return result
}

module.exports = { buildLibzmq }

if (require.main === module) {
  buildLibzmq().catch((error) => {
    console.error(`zmq-napi: ${error.message}`)
    process.exit(1)
  })
}
