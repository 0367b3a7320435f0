#!/usr/bin/env node
'use strict'

// The package's install script. A binary that loads (prebuilds/ shipped in the package,
// or an earlier build/) means there is nothing to do, silently. Otherwise build from
// source; the only thing that may be downloaded is the pinned libzmq source.

const os = require('os')
const path = require('path')
const { useSystemLibzmq } = require('./lib/mode')

const packageRoot = path.resolve(__dirname, '..')

function loadsExistingBinary() {
  try {
    require('node-gyp-build')(packageRoot)
    return true
  } catch {
    return false
  }
}

// Asking for the system libzmq is asking for a build, even if a prebuilt binary exists.
if (!useSystemLibzmq() && loadsExistingBinary()) process.exit(0)

console.log(
  `zmq-napi: no prebuilt binary loads on ${os.platform()}-${os.arch()} (Node-API 8); building from source`,
)
require('./build-native')
  .buildNative()
  .catch((error) => {
    console.error(`zmq-napi: ${error.message}`)
    console.error(
      'zmq-napi: to retry after fixing the above: npm rebuild zmq-napi (details: docs/building.md)',
    )
    process.exit(1)
  })
