#!/usr/bin/env node
'use strict'

// Packs zmq-napi as it is published and installs the tarball into fresh projects, for
// test/packaging.test.ts and test/runtimes.test.ts. Run by hand, it prints the result.
//   1. a prebuild for this machine (scripts/prebuild.js), or the one in
//      $ZMQ_NAPI_PACK_TEST_PREBUILDS/<platform>-<arch>/ when that is set (CI)
//   2. a stage: the source tree's files as git sees them (tracked, or new and not
//      ignored; never build trees, lib/ or prebuilds/ lying around) plus that prebuild
//   3. `npm pack` in the stage, which runs `prepare` (TypeScript) as `npm publish` does
//   4. the tarball installed into two fresh projects, with PATH holding only node and sh:
//        default/  npm's default settings (npm 11 runs the install script, with a notice;
//                  later versions block it)
//        blocked/  --ignore-scripts: as if npm blocked the install script
// Results live in <tmp>/zmq-napi-pack-<checkout>-<inputs>/, keyed by a hash of the staged
// files, so a second caller with the same inputs (the other test file) reuses them. A
// lock serializes callers.

const crypto = require('crypto')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { execFileSync } = require('child_process')
const { packageRoot } = require('./lib/paths')
const { withBuildLock } = require('./lib/lock')
const { prebuild } = require('./prebuild')
const { findNpmCli, toollessBin, cleanEnv, exec } = require('./pack-test-env')

const checkoutKey = crypto.createHash('sha256').update(packageRoot).digest('hex').slice(0, 8)
const prefix = `zmq-napi-pack-${checkoutKey}-`
const lockDir = path.join(os.tmpdir(), `zmq-napi-pack-${checkoutKey}.lock`)

function sourceFiles() {
  const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: packageRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  // Deleted but not yet committed files are listed too; they are not part of the tree.
  return output.split('\0').filter((file) => file && fs.existsSync(path.join(packageRoot, file)))
}

function inputsHash(files, prebuiltFile) {
  const hash = crypto.createHash('sha256')
  for (const file of [...files].sort()) hash.update(`${file}\0`).update(fs.readFileSync(path.join(packageRoot, file)))
  hash.update(fs.readFileSync(prebuiltFile))
  return hash.digest('hex').slice(0, 16)
}

function removeOlderResults(keep) {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (entry.startsWith(prefix) && entry !== keep) {
      fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true })
    }
  }
}

function stage(files, prebuildDir, stageDir) {
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(stageDir, file)), { recursive: true })
    fs.copyFileSync(path.join(packageRoot, file), path.join(stageDir, file))
  }
  fs.cpSync(path.join(prebuildDir, 'prebuilds'), path.join(stageDir, 'prebuilds'), { recursive: true })
  // `prepare` compiles TypeScript with the checkout's devDependencies.
  fs.symlinkSync(path.join(packageRoot, 'node_modules'), path.join(stageDir, 'node_modules'), 'junction')
}

async function npmPack(npm, stageDir, destination) {
  fs.mkdirSync(destination, { recursive: true })
  const { stdout } = await exec(process.execPath, [npm, 'pack', '--json', '--pack-destination', destination], {
    cwd: stageDir,
    timeoutMs: 240000,
  })
  // `prepare`'s output precedes the JSON on stdout.
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('[\n')))
  return { ...info, tarball: path.join(destination, info.filename) }
}

async function installInto(npm, projectDir, tarball, { bin, extraArgs }) {
  fs.mkdirSync(projectDir, { recursive: true })
  const manifest = { name: `pack-test-${path.basename(projectDir)}`, version: '1.0.0', private: true }
  fs.writeFileSync(path.join(projectDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  const env = cleanEnv({ PATH: bin.PATH })
  // --prefer-offline: the dependencies are in npm's cache from the checkout's own install;
  // revalidating each against the registry made a slow registry fail the test (4 min).
  const args = [npm, 'install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', ...extraArgs]
  const { stdout, stderr } = await exec(bin.node, args, { cwd: projectDir, env, timeoutMs: 240000 })
  return { dir: projectDir, log: `${stdout}\n${stderr}` }
}

async function packAndInstallUnlocked(scratch, prebuiltFile) {
  const npm = findNpmCli()
  const files = sourceFiles()
  const name = `${prefix}${inputsHash(files, prebuiltFile)}`
  const root = path.join(os.tmpdir(), name)
  const resultFile = path.join(root, 'result.json')
  if (fs.existsSync(resultFile)) return JSON.parse(fs.readFileSync(resultFile, 'utf8'))
  removeOlderResults(name)
  fs.rmSync(root, { recursive: true, force: true })
  const stageDir = path.join(root, 'stage')
  stage(files, scratch, stageDir)
  const pack = await npmPack(npm, stageDir, path.join(root, 'tarball'))
  const bin = toollessBin(path.join(root, 'toolless-bin'))
  const projects = {
    default: await installInto(npm, path.join(root, 'default'), pack.tarball, { bin, extraArgs: [] }),
    blocked: await installInto(npm, path.join(root, 'blocked'), pack.tarball, { bin, extraArgs: ['--ignore-scripts'] }),
  }
  const result = { root, npm, toolless: bin, prebuiltFile: path.basename(prebuiltFile), pack, projects }
  fs.writeFileSync(resultFile, JSON.stringify(result, null, 2))
  return result
}

// ZMQ_NAPI_PACK_TEST_PREBUILDS=<dir>: test the binary for this platform found in
// <dir>/<platform>-<arch>/ (CI tests the very file it publishes) instead of building one.
function givenPrebuild(scratch) {
  const platformArch = `${process.platform}-${process.arch}`
  const from = path.resolve(process.env.ZMQ_NAPI_PACK_TEST_PREBUILDS, platformArch)
  const binaries = fs.existsSync(from) ? fs.readdirSync(from).filter((file) => file.endsWith('.node')) : []
  if (binaries.length !== 1) {
    throw new Error(`ZMQ_NAPI_PACK_TEST_PREBUILDS: expected one .node in ${from}, found ${binaries.join(', ') || 'none'}`)
  }
  const to = path.join(scratch, 'prebuilds', platformArch)
  fs.mkdirSync(to, { recursive: true })
  fs.copyFileSync(path.join(from, binaries[0]), path.join(to, binaries[0]))
  return path.join(to, binaries[0])
}

// The prebuild comes first, outside our lock: it takes a lock of its own, and the lock
// helper does not nest different locks.
async function packAndInstall() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zmq-napi-prebuild-'))
  try {
    const file = process.env.ZMQ_NAPI_PACK_TEST_PREBUILDS
      ? givenPrebuild(scratch)
      : (await prebuild({ out: scratch })).file
    return await withBuildLock(lockDir, () => packAndInstallUnlocked(scratch, file))
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

module.exports = { packAndInstall }

if (require.main === module) {
  packAndInstall()
    .then((result) => {
      const { pack, projects } = result
      console.log(`tarball: ${pack.tarball} (${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${pack.entryCount} files)`)
      for (const [kind, project] of Object.entries(projects)) console.log(`${kind} install: ${project.dir}`)
    })
    .catch((error) => {
      console.error(`zmq-napi: ${error.message}`)
      process.exit(1)
    })
}
