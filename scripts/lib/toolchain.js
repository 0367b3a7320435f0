'use strict'

// Checks, before any work starts, that the programs a source build needs are present,
// so a missing one is reported by name with the command that installs it, rather than
// as a CMake or node-gyp error halfway through.

const { capture } = require('./util')

const MIN_CMAKE = [3, 15]

function works(command, args = ['--version']) {
  const result = capture(command, args)
  return !result.error && result.status === 0 ? result.stdout || '' : null
}

// $CC/$CXX may carry flags ("ccache gcc"); the first word is the program.
function anyWorks(envValue, fallbacks) {
  const candidates = envValue ? [envValue.trim().split(/\s+/)[0]] : fallbacks
  return candidates.some((command) => works(command) !== null)
}

function cmakeProblem() {
  const output = works('cmake')
  if (output === null) return 'not found'
  const match = /version (\d+)\.(\d+)/.exec(output)
  const version = match ? [Number(match[1]), Number(match[2])] : [0, 0]
  const tooOld = version[0] < MIN_CMAKE[0] || (version[0] === MIN_CMAKE[0] && version[1] < MIN_CMAKE[1])
  return tooOld ? `version ${version.join('.')} is older than ${MIN_CMAKE.join('.')}` : null
}

// Each entry: what is missing, why, and the Debian/Ubuntu package providing it.
function missingTools(mode) {
  const missing = []
  const need = (ok, name, debianPackage, why = 'not found') => {
    if (!ok) missing.push({ name, debianPackage, why })
  }
  need(anyWorks(process.env.CXX, ['c++', 'g++', 'clang++']), 'a C++ compiler (c++, g++ or clang++)', 'g++')
  if (mode === 'static') {
    const cmake = cmakeProblem()
    need(!cmake, 'cmake', 'cmake', cmake || undefined)
    need(anyWorks(process.env.CC, ['cc', 'gcc', 'clang']), 'a C compiler (cc, gcc or clang)', 'gcc')
    need(process.env.CMAKE_GENERATOR || works('make') !== null || works('ninja') !== null, 'make or ninja', 'make')
  } else {
    const python = process.env.npm_config_python || process.env.PYTHON
    need(anyWorks(python, ['python3', 'python']), 'python3 (for node-gyp)', 'python3')
    need(works('make') !== null, 'make', 'make')
    const pkgConfig = works('pkg-config') !== null
    need(pkgConfig, 'pkg-config', 'pkg-config')
    if (pkgConfig) need(works('pkg-config', ['--exists', 'libzmq']) !== null, 'libzmq (pkg-config libzmq)', 'libzmq3-dev')
  }
  return missing
}

function describeMissing(missing, mode) {
  const packages = [...new Set(missing.map((tool) => tool.debianPackage))].join(' ')
  return [
    `cannot build zmq-napi from source (${mode === 'static' ? 'static libzmq' : 'system libzmq'} mode); missing:`,
    ...missing.map((tool) => `  - ${tool.name}: ${tool.why}`),
    'Install them and run the build again, e.g.:',
    `  Debian/Ubuntu: sudo apt-get install ${packages}`,
    mode === 'static'
      ? '  Fedora: sudo dnf install cmake gcc-c++ make   macOS: xcode-select --install && brew install cmake'
      : '  Fedora: sudo dnf install gcc-c++ make python3 pkgconf zeromq-devel   macOS: brew install zeromq pkg-config',
  ].join('\n')
}

module.exports = { missingTools, describeMissing }
