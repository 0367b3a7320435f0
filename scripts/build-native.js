#!/usr/bin/env node
'use strict'

// `npm run build:native`: builds build/Release/zmq_napi.node.
//  - default: static libzmq (scripts/build-libzmq.js), then the addon with cmake-js
//    (CMakeLists.txt), libzmq linked in: no runtime dependency on a libzmq.so.
//  - ZMQ_NAPI_USE_SYSTEM_LIBZMQ=1: node-gyp (binding.gyp) against the system libzmq
//    found by pkg-config, without the draft API.
// Both write build/; switching modes wipes it so the two never mix.

const fs = require('fs')
const path = require('path')
const { packageRoot, addonBuildDir, addonFile, buildLock } = require('./lib/paths')
const { withBuildLock } = require('./lib/lock')
const { useSystemLibzmq } = require('./lib/mode')
const { missingTools, describeMissing } = require('./lib/toolchain')
const { findNodeGyp, nodeHeadersArgs } = require('./lib/node-gyp')
const { buildAddonWithCmakeJs } = require('./lib/cmake-js')
const { log, run, capture, cpuCount } = require('./lib/util')
const { buildLibzmq } = require('./build-libzmq')

const MODE_FILE = path.join(addonBuildDir, 'zmq-napi-mode')

function prepareBuildDir(mode) {
  let previous = null
  try {
    previous = fs.readFileSync(MODE_FILE, 'utf8').trim()
  } catch {
    // no previous build, or one made by hand: start clean below
  }
  if (previous !== mode && fs.existsSync(addonBuildDir)) {
    log(`build/ was made by ${previous ? `the ${previous} build` : 'an unknown build'}; removing it`)
    fs.rmSync(addonBuildDir, { recursive: true, force: true })
  }
  fs.mkdirSync(addonBuildDir, { recursive: true })
  fs.writeFileSync(MODE_FILE, `${mode}\n`)
}

function nativeSourcesExist() {
  const dir = path.join(packageRoot, 'native')
  return fs.existsSync(dir) && fs.readdirSync(dir).some((file) => file.endsWith('.cc'))
}

async function buildStatic() {
  const { prefix } = await buildLibzmq()
  log('building the addon with cmake-js (static libzmq)')
  buildAddonWithCmakeJs({ buildDir: addonBuildDir, prefix })
}

function buildSystem() {
  const nodeGyp = findNodeGyp()
  log(`building the addon with node-gyp (${nodeGyp}) against the system libzmq`)
  const options = { cwd: packageRoot }
  run(process.execPath, [nodeGyp, 'configure', ...nodeHeadersArgs()], options)
  run(process.execPath, [nodeGyp, 'build', `--jobs=${cpuCount()}`], options)
}

// Loading catches what linking cannot: undefined symbols surface only at dlopen time.
function checkAddonLoads() {
  if (!fs.existsSync(addonFile)) throw new Error(`the build did not produce ${addonFile}`)
  const result = capture(process.execPath, ['-e', 'require(process.argv[1])', addonFile])
  if (result.status !== 0) {
    throw new Error(`${addonFile} was built but does not load:\n${(result.stderr || '').trim()}`)
  }
}

async function buildNative() {
  const mode = useSystemLibzmq() ? 'system' : 'static'
  const missing = missingTools(mode)
  if (missing.length) throw new Error(describeMissing(missing, mode))
  if (!nativeSourcesExist()) throw new Error('native/ has no .cc sources to build')
  await withBuildLock(buildLock, async () => {
    const started = Date.now()
    prepareBuildDir(mode)
    if (mode === 'static') await buildStatic()
    else buildSystem()
    checkAddonLoads()
    log(`built ${path.relative(packageRoot, addonFile)} (${mode} libzmq) in ${Math.round((Date.now() - started) / 1000)} s`)
  })
}

module.exports = { buildNative }

if (require.main === module) {
  buildNative().catch((error) => {
    console.error(`zmq-napi: ${error.message}`)
    process.exit(1)
  })
}
