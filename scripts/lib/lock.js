'use strict'

// Serializes source builds within one checkout. Several people or test runners may start
// a build at once, and one build wiping deps/ or build/ under another breaks both. The
// lock is a directory (mkdir is atomic) holding the owner's pid; a lock whose owner is
// gone (killed build) is taken over.

const fs = require('fs')
const path = require('path')
const { log } = require('./util')

const POLL_MS = 1000
const GIVE_UP_MS = 30 * 60 * 1000

let depth = 0 // re-entrant: build-native holds it while calling build-libzmq

function ownerPid(lockDir) {
  try {
    return Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'))
  } catch {
    return 0 // being created right now, or left empty by a crash
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM' // exists, owned by someone else
  }
}

function tryAcquire(lockDir) {
  try {
    fs.mkdirSync(lockDir)
  } catch (error) {
    if (error.code !== 'EEXIST') throw error
    return false
  }
  fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid))
  return true
}

async function withBuildLock(lockDir, fn) {
  if (depth > 0) return runNested(fn)
  fs.mkdirSync(path.dirname(lockDir), { recursive: true })
  const started = Date.now()
  let announced = false
  let emptySince = 0
  while (!tryAcquire(lockDir)) {
    const pid = ownerPid(lockDir)
    // An empty lock for a few seconds means its creator died before writing its pid.
    emptySince = pid ? 0 : emptySince || Date.now()
    if ((pid && !isAlive(pid)) || (emptySince && Date.now() - emptySince > 5000)) {
      log(`removing stale build lock ${lockDir}${pid ? ` (pid ${pid} is gone)` : ''}`)
      fs.rmSync(lockDir, { recursive: true, force: true })
      continue
    }
    if (Date.now() - started > GIVE_UP_MS) throw new Error(`gave up waiting for the build lock ${lockDir}`)
    if (!announced) log(`another build (pid ${pid || '?'}) is running in this checkout; waiting for it`)
    announced = true
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  try {
    return await runNested(fn)
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}

async function runNested(fn) {
  depth++
  try {
    return await fn()
  } finally {
    depth--
  }
}

module.exports = { withBuildLock }
