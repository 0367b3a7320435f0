'use strict'

// Configures and builds the addon with cmake-js (CMakeLists.txt) against the static libzmq
// under `prefix`, into `buildDir`: the one place the development build
// (scripts/build-native.js) and the prebuilds and test variants
// (scripts/prebuild-backend.js) both go through, so they get the same settings.
const path = require('path')
const { packageRoot } = require('./paths')
const { linkTimeOptimization } = require('./mode')
const { run, cpuCount } = require('./util')

// `cacheEntries`: more CMake cache entries (-D), name to value.
function buildAddonWithCmakeJs({ buildDir, prefix, cacheEntries = {} }) {
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js')
  const addonApi = path.resolve(packageRoot, require('node-addon-api').include_dir)
  const common = ['--directory', packageRoot, '--out', buildDir]
  const cache = {
    ZMQ_PREFIX: prefix,
    NODE_ADDON_API_DIR: addonApi,
    // The same value libzmq was built with: an archive of LTO objects needs an LTO link.
    ZMQ_NAPI_LTO: linkTimeOptimization(),
    ...cacheEntries,
  }
  // Configure every time (about a second): it keeps ZMQ_PREFIX and friends current in
  // an existing build dir, which `cmake-js build` alone would not.
  run(process.execPath, [
    cmakeJs, 'configure', ...common,
    ...Object.entries(cache).map(([name, value]) => `--CD${name}=${value}`),
  ])
  run(process.execPath, [cmakeJs, 'build', ...common, '--parallel', String(cpuCount())])
}

module.exports = { buildAddonWithCmakeJs }
