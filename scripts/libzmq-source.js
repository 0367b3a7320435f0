#!/usr/bin/env node
'use strict'

// Obtains the pinned libzmq source tarball and returns the path of a copy whose sha256
// has been verified. Sources, in order, each failing fast and falling to the next:
//   1. ZMQ_NAPI_LIBZMQ_SOURCE (local path or http/https URL)
//   2. the copy bundled in the published package (deps/, see bundle-libzmq-source.js)
//   3. the download cache (ZMQ_NAPI_CACHE_DIR or ~/.cache/zmq-napi)
//   4. the upstream GitHub tag archive
//   5. Debian's source archive through apt-get (no root needed)
// 4 and 5 are for git checkouts only: an installed package never downloads at install
// time, so there a missing bundled copy is an error saying what to do.
// Run directly, it prints the path of the tarball.

const fs = require('fs')
const path = require('path')
const pin = require('./lib/pin')
const { bundledLibzmqSource, downloadCacheDir, isInstalledPackage } = require('./lib/paths')
const { download } = require('./lib/download')
const { fetchFromDebian, makeWorkDir } = require('./lib/apt-source')
const { log, sha256File } = require('./lib/util')

const UPSTREAM_TIMEOUT_MS = 10000
const EXPLICIT_URL_TIMEOUT_MS = 120000

function verify(file) {
  const actual = sha256File(file)
  if (actual !== pin.sha256) throw new Error(`sha256 mismatch for ${file}: got ${actual}, expected ${pin.sha256}`)
}

function cachedTarball() {
  return path.join(downloadCacheDir(), pin.cacheFileName)
}

// Verifies a freshly obtained file and moves it into the cache atomically, so a
// half-written or wrong file is never mistaken for a good one later.
function storeInCache(file) {
  verify(file)
  const target = cachedTarball()
  const partial = `${target}.partial-${process.pid}`
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.copyFileSync(file, partial)
  fs.renameSync(partial, target)
  return target
}

async function downloadToCache(url, timeoutMs) {
  const workDir = makeWorkDir()
  try {
    const file = path.join(workDir, pin.cacheFileName)
    await download(url, file, { timeoutMs })
    return storeInCache(file)
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

const steps = [
  {
    name: 'ZMQ_NAPI_LIBZMQ_SOURCE',
    async run() {
      const source = process.env.ZMQ_NAPI_LIBZMQ_SOURCE
      if (!source) throw new Error('not set')
      if (/^https?:\/\//i.test(source)) return downloadToCache(source, EXPLICIT_URL_TIMEOUT_MS)
      const file = path.resolve(source)
      if (!fs.existsSync(file)) throw new Error(`${file} does not exist`)
      verify(file)
      return file
    },
  },
  {
    name: 'bundled source',
    async run() {
      if (!fs.existsSync(bundledLibzmqSource)) {
        // A git checkout has none until `npm pack`: not worth a line of output there.
        throw new Error(isInstalledPackage() ? `no tarball at ${bundledLibzmqSource}` : 'not set')
      }
      verify(bundledLibzmqSource)
      return bundledLibzmqSource
    },
  },
  {
    name: 'download cache',
    async run() {
      const file = cachedTarball()
      if (!fs.existsSync(file)) throw new Error(`no tarball at ${file}`)
      try {
        verify(file)
      } catch (error) {
        fs.rmSync(file, { force: true }) // corrupt: drop it so a good copy can replace it
        throw error
      }
      return file
    },
  },
  {
    name: 'upstream',
    network: true,
    run: () => downloadToCache(pin.upstreamUrl, UPSTREAM_TIMEOUT_MS),
  },
  {
    name: `Debian ${pin.debian.suite} source archive (apt-get)`,
    network: true,
    async run() {
      const workDir = makeWorkDir()
      try {
        return storeInCache(fetchFromDebian(workDir))
      } finally {
        fs.rmSync(workDir, { recursive: true, force: true })
      }
    },
  },
]

async function obtainLibzmqSource() {
  const failures = []
  const installed = isInstalledPackage()
  for (const step of steps) {
    if (step.network && installed) {
      failures.push(`  - ${step.name}: not tried, an installed package downloads nothing at install time`)
      continue
    }
    const started = Date.now()
    try {
      const file = await step.run()
      log(`libzmq ${pin.version} source: ${file} (from ${step.name}, sha256 verified)`)
      return file
    } catch (error) {
      failures.push(`  - ${step.name}: ${error.message}`)
      // An unset variable is the normal case, not worth a line of output.
      if (error.message !== 'not set') {
        log(`libzmq source from ${step.name} failed after ${Date.now() - started} ms: ${error.message}`)
      }
    }
  }
  throw new Error(
    [
      `could not obtain the libzmq ${pin.version} source tarball (sha256 ${pin.sha256}). Tried:`,
      ...failures,
      'Download it on a machine with internet access, e.g. from',
      `  ${pin.upstreamUrl}`,
      'then point the build at it:',
      `  ZMQ_NAPI_LIBZMQ_SOURCE=/path/to/libzmq-${pin.version}.tar.gz npm run build:native`,
      'or put it into the cache as ' + cachedTarball(),
    ].join('\n'),
  )
}

module.exports = { obtainLibzmqSource }

if (require.main === module) {
  obtainLibzmqSource().then(
    (file) => console.log(file),
    (error) => {
      console.error(`zmq-napi: ${error.message}`)
      process.exit(1)
    },
  )
}
