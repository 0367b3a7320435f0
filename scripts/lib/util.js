'use strict'

const crypto = require('crypto')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { spawnSync } = require('child_process')

function log(message) {
  console.log(`zmq-napi: ${message}`)
}

function sha256File(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

function cpuCount() {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
}

// gyp's <!(node ...) expansions need a `node` on PATH even when we were started by
// absolute path. Appended, not prepended, so the user's choice of compilers and
// python earlier on PATH still wins.
function childEnv(extra) {
  const nodeDir = path.dirname(process.execPath)
  const entries = (process.env.PATH || '').split(path.delimiter).filter(Boolean)
  const PATH = (entries.includes(nodeDir) ? entries : [...entries, nodeDir]).join(path.delimiter)
  return { ...process.env, PATH, ...extra }
}

// Runs a build step with its output visible; throws with the command line on failure.
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: childEnv(), ...options })
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`)
  if (result.status !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.status}`
    throw new Error(`${[command, ...args].join(' ')} ${how}`)
  }
}

// Runs a probe quietly; never throws (result.error is set when the program is missing).
function capture(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', env: childEnv(), ...options })
}

module.exports = { log, sha256File, cpuCount, childEnv, run, capture }
