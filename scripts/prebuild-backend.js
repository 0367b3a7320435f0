#!/usr/bin/env node
'use strict'

// Builds the addon (static libzmq, cmake-js, CMakeLists.txt) into a build directory of its
// own, so build/ (the development build the tests load) is never touched meanwhile.
//  - required: buildAddonVariant({ buildDir, defines }) returns the built .node's path.
//    `defines` are extra preprocessor definitions (test variants such as the simulated
//    Electron memory cage).
//  - run as a program: prebuildify's stand-in for node-gyp. prebuildify calls
//    `<backend> rebuild --target=<v> --devdir=<d> --arch=<a> --release` in its working
//    directory and takes the result from build/Release there. Node-API binaries do not
//    depend on the target version, so only --arch matters; cross-compiling is refused.

const path = require('path')
const { packageRoot, buildLock } = require('./lib/paths')
const { withBuildLock } = require('./lib/lock')
const { missingTools, describeMissing } = require('./lib/toolchain')
const { buildAddonWithCmakeJs } = require('./lib/cmake-js')
const { log } = require('./lib/util')
const { buildLibzmq } = require('./build-libzmq')

// CMake's default release flags, restated because a variant's defines are appended to
// them (cmake-js owns CMAKE_CXX_FLAGS and overwrites it on every configure).
function releaseFlags(defines) {
  const base = process.platform === 'win32' ? ['/O2', '/Ob2', '/DNDEBUG'] : ['-O3', '-DNDEBUG']
  const extra = Object.entries(defines).map(([name, value]) => (value === true ? `-D${name}` : `-D${name}=${value}`))
  return [...base, ...extra].join(' ')
}

async function buildAddonVariant({ buildDir, defines = {} }) {
  const missing = missingTools('static')
  if (missing.length) throw new Error(describeMissing(missing, 'static'))
  return withBuildLock(buildLock, async () => {
    const { prefix } = await buildLibzmq()
    log(`building the addon into ${path.relative(packageRoot, buildDir) || buildDir}`)
    buildAddonWithCmakeJs({
      buildDir,
      prefix,
      cacheEntries: {
        CMAKE_CXX_FLAGS_RELEASE: releaseFlags(defines),
        // Lets a test check which definitions the compiler really got.
        CMAKE_EXPORT_COMPILE_COMMANDS: 'ON',
      },
    })
    return path.join(buildDir, 'Release', 'zmq_napi.node')
  })
}

// The subset of node-gyp's command line that prebuildify uses.
function parseNodeGypArgs(args) {
  const options = { command: args.find((arg) => !arg.startsWith('-')) }
  for (const arg of args) {
    const match = /^--([^=]+)=(.*)$/.exec(arg)
    if (match) options[match[1]] = match[2]
  }
  return options
}

async function main(args) {
  const options = parseNodeGypArgs(args)
  if (options.command !== 'rebuild') throw new Error(`unsupported command ${options.command}: only "rebuild" is`)
  const arch = (options.arch || process.arch).split('+')[0]
  if (arch !== process.arch) {
    throw new Error(`cannot build for ${arch} on ${process.arch}: run the prebuild on a ${arch} machine`)
  }
  await buildAddonVariant({ buildDir: path.join(process.cwd(), 'build') })
}

module.exports = { buildAddonVariant }

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`zmq-napi: ${error.message}`)
    process.exit(1)
  })
}
