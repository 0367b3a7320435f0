'use strict'

// The environment the packaging tests install and run the packed package in: npm with its
// default settings (none inherited from an `npm test` that started us), and a PATH on
// which no compiler, cmake or make can be found.

const fs = require('fs')
const path = require('path')
const { spawn } = require('child_process')

// npm's own entry point, run with this Node.js: independent of what PATH holds.
function findNpmCli() {
  const candidates = [
    process.env.npm_execpath,
    ...(process.env.PATH || '').split(path.delimiter).map((dir) => path.join(dir, 'npm')),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ]
  for (const candidate of candidates) {
    if (!candidate) continue
    try {
      const real = fs.realpathSync(candidate)
      if (path.basename(real) === 'npm-cli.js') return real
    } catch {
      // not there: try the next
    }
  }
  throw new Error('cannot find npm-cli.js (set npm_execpath to its path)')
}

// A directory holding only `node` and `sh`, to be the whole PATH: npm needs sh to run
// lifecycle scripts and node to run ours; anything that tried to compile would fail to
// find its tools. node is a hard link (or a copy), not a symlink: a symlink would leave
// process.execPath in node's real directory, which build scripts add to PATH and which
// often is /usr/bin, compilers included. Windows keeps its PATH (npm runs scripts
// through cmd.exe there). Returns { PATH, node }.
function toollessBin(dir) {
  if (process.platform === 'win32') return { PATH: process.env.PATH, node: process.execPath }
  fs.mkdirSync(dir, { recursive: true })
  const node = path.join(dir, 'node')
  if (!fs.existsSync(node)) {
    try {
      fs.linkSync(process.execPath, node)
    } catch {
      fs.copyFileSync(process.execPath, node)
      fs.chmodSync(node, 0o755)
    }
  }
  const sh = path.join(dir, 'sh')
  if (!fs.existsSync(sh)) fs.symlinkSync('/bin/sh', sh)
  return { PATH: dir, node }
}

// The caller's environment minus npm's per-run variables (npm_config_*, npm_lifecycle_*,
// ...), which would otherwise carry `npm test`'s settings into the nested npm.
function cleanEnv(extra = {}) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value
  }
  return { ...env, ...extra }
}

// Runs a command to completion, collecting its output; rejects with the output on
// failure or timeout so a test failure shows what happened.
function exec(command, args, { cwd, env = cleanEnv(), timeoutMs = 120000, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (status, signal) => {
      clearTimeout(timer)
      const result = { status, signal, stdout, stderr }
      if (status === 0) return resolve(result)
      const how = signal ? `was killed by ${signal}` : `exited with ${status}`
      const error = new Error(`${[command, ...args].join(' ')} ${how}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`)
      reject(Object.assign(error, result))
    })
    child.stdin.end(input)
  })
}

module.exports = { findNpmCli, toollessBin, cleanEnv, exec }
