'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const pin = require('./pin')

// Everything is relative to the package root so the scripts work the same from a git
// clone and from node_modules/zmq-napi.
const packageRoot = path.resolve(__dirname, '..', '..')

// Build cache for the static libzmq (gitignored). The benchmark reads perf/ from here.
const libzmqDir = path.join(packageRoot, 'deps', `libzmq-${pin.version}`)

// Download cache shared by every checkout on the machine, so the tarball is fetched once.
function downloadCacheDir() {
  if (process.env.ZMQ_NAPI_CACHE_DIR) return path.resolve(process.env.ZMQ_NAPI_CACHE_DIR)
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  return path.join(base, 'zmq-napi')
}

// The published package carries the verified libzmq source here (npm pack's prepack
// step puts it there; git ignores deps/), so a source build at install time downloads
// nothing.
const bundledLibzmqSource = path.join(packageRoot, 'deps', pin.cacheFileName)

// A git checkout has src/; an installed package has only the compiled lib/. Installed,
// the build must not reach the network.
const isInstalledPackage = () => !fs.existsSync(path.join(packageRoot, 'src'))

// What the libzmq build puts into libzmqPerfDir, and the benchmark runs: libzmq's own perf
// programs and the bench's writing_sender (scripts/lib/perf-tools).
const libzmqPerfPrograms = ['local_thr', 'remote_thr', 'local_lat', 'remote_lat', 'inproc_thr', 'inproc_lat', 'writing_sender']

module.exports = {
  packageRoot,
  bundledLibzmqSource,
  isInstalledPackage,
  libzmqDir,
  libzmqPrefix: path.join(libzmqDir, 'install'),
  libzmqPerfDir: path.join(libzmqDir, 'perf'),
  libzmqPerfPrograms,
  addonBuildDir: path.join(packageRoot, 'build'),
  buildLock: path.join(packageRoot, 'deps', '.build-lock'),
  addonFile: path.join(packageRoot, 'build', 'Release', 'zmq_napi.node'),
  downloadCacheDir,
}
