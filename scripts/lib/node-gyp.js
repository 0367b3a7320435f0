'use strict'

// Finds node-gyp and Node's headers without downloading anything. npm bundles node-gyp,
// so no dependency is needed; node-gyp would fetch headers from nodejs.org unless it
// is given a local copy, which we refuse to let it do silently.

const fs = require('fs')
const os = require('os')
const path = require('path')

function firstExisting(candidates) {
  return candidates.find((file) => file && fs.existsSync(file))
}

function findNodeGyp() {
  const nodeDir = path.dirname(process.execPath)
  const fromNpm = (npmDir) => path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  let ownCopy
  try {
    ownCopy = require.resolve('node-gyp/bin/node-gyp.js')
  } catch {
    // not a dependency of this package; npm's bundled copy is the normal case
  }
  const found = firstExisting([
    process.env.npm_config_node_gyp, // set by npm while it runs package scripts
    ownCopy,
    process.env.npm_execpath && fromNpm(path.resolve(path.dirname(process.env.npm_execpath), '..')),
    fromNpm(path.join(nodeDir, '..', 'lib', 'node_modules', 'npm')), // Unix layout
    fromNpm(path.join(nodeDir, 'node_modules', 'npm')), // Windows layout
  ])
  if (!found) {
    throw new Error('node-gyp not found (it normally comes with npm). Install it: npm install -g node-gyp')
  }
  return found
}

// Returns extra node-gyp arguments that point it at local headers, or throws.
function nodeHeadersArgs() {
  if (process.env.npm_config_nodedir) return [] // node-gyp reads it itself
  const installPrefix = path.resolve(path.dirname(process.execPath), '..')
  if (fs.existsSync(path.join(installPrefix, 'include', 'node', 'common.gypi'))) {
    return [`--nodedir=${installPrefix}`]
  }
  const cacheBase = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  const devDir = path.join(cacheBase, 'node-gyp', process.versions.node)
  if (fs.existsSync(path.join(devDir, 'include', 'node', 'common.gypi'))) return []
  throw new Error(
    `Node ${process.versions.node} headers not found (looked in ${installPrefix}/include/node and ${devDir}). ` +
      'Set npm_config_nodedir to a Node source or headers directory, or fetch them once with `npx node-gyp install`.',
  )
}

module.exports = { findNodeGyp, nodeHeadersArgs }
