#!/usr/bin/env node
'use strict'

// `npm run prebuild [-- --out DIR]`: builds the addon for this machine with
// prebuildify (scripts/prebuild-backend.js standing in for node-gyp, so the build is our
// cmake-js one with static libzmq), strips it, and stores it where node-gyp-build looks:
//   DIR/prebuilds/<platform>-<arch>/node.napi[.armv8][.musl].node
// DIR defaults to the package root. The names are the ones both loaders of prebuilt
// Node-API binaries know:
//  - node-gyp-build (at require time): "node" + "napi" means any runtime, so one file
//    serves every Node.js >= 18 and Electron; armv8 matches any arm64; musl matches only
//    musl, and beats the untagged (glibc) file there.
//  - @electron/rebuild (run by Electron Forge and electron-builder): it skips compiling a
//    package with prebuildify in its devDependencies only if it finds exactly
//    node.napi.node, or node.napi.armv8.node on arm64. So the glibc binary carries no libc
//    tag (Electron has no musl builds); a tag would send it to node-gyp instead.
// Older files for the same platform-arch are removed first, so no stale binary is packed.

const fs = require('fs')
const path = require('path')
const { promisify } = require('util')
const { packageRoot } = require('./lib/paths')
const { withBuildLock } = require('./lib/lock')
const { log, capture } = require('./lib/util')

// prebuildify's working directory: our backend builds into build/ below it. Its own lock
// (not the build lock, which the backend takes in a child process) keeps two prebuilds
// from taking each other's binary.
const STAGE_DIR = path.join(packageRoot, 'build-variants', 'prebuild')
const STAGE_LOCK = path.join(packageRoot, 'build-variants', '.prebuild-lock')

function parseArgs(args) {
  const options = { out: packageRoot }
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out' && args[i + 1]) options.out = path.resolve(args[++i])
    else throw new Error(`unknown argument ${args[i]} (usage: prebuild.js [--out DIR])`)
  }
  return options
}

// Node.js reports the glibc it runs on; on Linux, no glibc means musl.
function isMusl() {
  if (process.platform !== 'linux') return false
  return !process.report.getReport().header.glibcVersionRuntime
}

function platformDir(out) {
  return path.join(out, 'prebuilds', `${process.platform}-${process.arch}`)
}

// Loading is the only real check that the binary is complete (undefined symbols surface
// at dlopen time) and that it is ours.
function checkLoads(file) {
  const probe = 'const a = require(process.argv[1]); process.stdout.write(a.version)'
  const result = capture(process.execPath, ['-e', probe, file])
  if (result.status !== 0) throw new Error(`${file} does not load:\n${(result.stderr || '').trim()}`)
  return result.stdout
}

function prebuild(options) {
  return withBuildLock(STAGE_LOCK, () => prebuildUnlocked(options))
}

async function prebuildUnlocked({ out = packageRoot } = {}) {
  const prebuildify = require('prebuildify')
  const dir = platformDir(out)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(STAGE_DIR, { recursive: true })
  const backend = path.join(__dirname, 'prebuild-backend.js')
  await promisify(prebuildify)({
    cwd: STAGE_DIR,
    out,
    name: 'node.napi',
    napi: true,
    targets: [{ runtime: 'node', target: process.versions.node }],
    strip: process.platform === 'linux' || process.platform === 'darwin',
    tagLibc: isMusl() ? 'musl' : false,
    tagArmv: process.arch === 'arm' || process.arch === 'arm64',
    // A command line run through the shell works the same on every platform.
    nodeGyp: `"${process.execPath}" "${backend}"`,
    shell: true,
  })
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.node'))
  if (files.length !== 1) throw new Error(`expected one binary in ${dir}, found: ${files.join(', ') || 'none'}`)
  const file = path.join(dir, files[0])
  const libzmq = checkLoads(file)
  const size = fs.statSync(file).size
  log(`prebuilt ${path.relative(process.cwd(), file) || file} (${(size / 1024).toFixed(0)} KiB, libzmq ${libzmq})`)
  return { file, size }
}

module.exports = { prebuild }

if (require.main === module) {
  Promise.resolve()
    .then(() => prebuild(parseArgs(process.argv.slice(2))))
    .catch((error) => {
      console.error(`zmq-napi: ${error.message}`)
      process.exit(1)
    })
}
