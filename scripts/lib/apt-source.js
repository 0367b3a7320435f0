'use strict'

// Fetches the pinned libzmq tarball from Debian's source archive with apt-get. apt is
// pointed at private list/cache/sources directories in a temp dir, so this needs no
// root, leaves the system's apt state alone, and works on machines whose only network
// access is a Debian mirror.

const fs = require('fs')
const os = require('os')
const path = require('path')
const pin = require('./pin')
const { capture } = require('./util')

const STEP_TIMEOUT_MS = 180000 // the bookworm Sources index is ~10 MB

function aptOptions(dir) {
  const options = {
    'Dir::Etc::SourceList': '/dev/null',
    'Dir::Etc::SourceParts': path.join(dir, 'etc'),
    'Dir::State::Lists': path.join(dir, 'lists'),
    'Dir::Cache': path.join(dir, 'cache'),
    'Debug::NoLocking': '1',
    // Fail fast when the mirror is unreachable instead of retrying.
    'Acquire::Retries': '0',
    'Acquire::http::Timeout': '10',
  }
  // As root apt drops to the _apt user, which cannot read our private 0700 temp dir.
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    options['APT::Sandbox::User'] = 'root'
  }
  return Object.entries(options).flatMap(([key, value]) => ['-o', `${key}=${value}`])
}

function aptRun(program, args, cwd) {
  const result = capture(program, args, { cwd, timeout: STEP_TIMEOUT_MS, killSignal: 'SIGKILL' })
  if (result.error) {
    const why = result.error.code === 'ENOENT' ? 'not found (not a Debian-like system)' : result.error.message
    throw new Error(`${program} ${why}`)
  }
  return result
}

// apt's last warnings/errors are what explains a failure; progress lines are noise.
function lastLines(text, count = 2) {
  const lines = text.split('\n').map((line) => line.trim())
  const problems = lines.filter((line) => /^(W|E|Err):/.test(line))
  return (problems.length ? problems : lines.filter(Boolean)).slice(-count).join(' | ')
}

// Picks the newest Debian revision of the pinned upstream version, so a newer upstream
// release in the archive is never picked up by accident.
function pinnedDebianVersion(showsrcOutput) {
  const versions = [...showsrcOutput.matchAll(/^Version: (\S+)$/gm)]
    .map((match) => match[1])
    .filter((version) => version.startsWith(pin.debian.versionPrefix))
  const revision = (version) => Number.parseFloat(version.slice(pin.debian.versionPrefix.length)) || 0
  return versions.sort((a, b) => revision(b) - revision(a))[0]
}

// Returns the path of the downloaded .orig tarball inside workDir (caller verifies it).
function fetchFromDebian(workDir) {
  const { debian } = pin
  if (process.platform !== 'linux') throw new Error('only available on Linux')
  if (!fs.existsSync(debian.keyring)) {
    throw new Error(`${debian.keyring} is missing (install the debian-archive-keyring package)`)
  }
  for (const sub of ['etc', 'lists/partial', 'cache/archives/partial', 'download']) {
    fs.mkdirSync(path.join(workDir, sub), { recursive: true })
  }
  fs.writeFileSync(
    path.join(workDir, 'etc', 'zmq-napi-src.sources'),
    [
      'Types: deb-src',
      `URIs: ${debian.mirror}`,
      `Suites: ${debian.suite}`,
      'Components: main',
      `Signed-By: ${debian.keyring}`,
      '',
    ].join('\n'),
  )
  const options = aptOptions(workDir)

  // apt-get update exits 0 even when the mirror is unreachable; the lookup below is
  // what tells us whether the index arrived.
  const update = aptRun('apt-get', [...options, '-q', 'update'], workDir)
  const showsrc = aptRun('apt-cache', [...options, 'showsrc', debian.sourcePackage], workDir)
  const version = pinnedDebianVersion(showsrc.stdout || '')
  if (!version) {
    const detail = lastLines(`${update.stdout}\n${update.stderr}`)
    throw new Error(
      `no ${debian.sourcePackage} ${debian.versionPrefix}* source in ${debian.mirror} ${debian.suite} ` +
        `(apt-get update said: ${detail})`,
    )
  }

  const downloadDir = path.join(workDir, 'download')
  const source = aptRun(
    'apt-get',
    [...options, '-q', 'source', '--download-only', `${debian.sourcePackage}=${version}`],
    downloadDir,
  )
  const tarball = path.join(downloadDir, debian.origFile)
  if (source.status !== 0 || !fs.existsSync(tarball)) {
    throw new Error(`apt-get source ${debian.sourcePackage}=${version} failed: ${lastLines(source.stderr || '')}`)
  }
  return tarball
}

function makeWorkDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'zmq-napi-apt-'))
}

module.exports = { fetchFromDebian, makeWorkDir }
