'use strict'

// Exact text edits to an extracted source tree, for each of zmq-napi's changes to libzmq
// (scripts/lib/libzmq-*.js, applied by scripts/build-libzmq.js). An edit must match its
// file exactly as often as it says (once, unless `occurrences`): anything else means a
// different source, and fails the build instead of building it unchanged.

const crypto = require('crypto')
const fs = require('fs')
const path = require('path')

function applyEdits(sourceDir, edits, what) {
  for (const edit of edits) {
    const file = path.join(sourceDir, edit.file)
    const parts = fs.readFileSync(file, 'utf8').split(edit.find)
    const expected = edit.occurrences || 1
    if (parts.length - 1 !== expected) {
      throw new Error(`${what} "${edit.name}": expected its text ${expected} time(s) in ${edit.file}, found it ${parts.length - 1}`)
    }
    fs.writeFileSync(file, parts.join(edit.replace))
  }
}

// For the build stamp: different edits or inputs mean a rebuild.
function digest(...inputs) {
  return crypto.createHash('sha256').update(JSON.stringify(inputs)).digest('hex')
}

// One set of changes to the extracted source: `files` ({from, to}) copied in, then `edits`.
function sourceChange(what, edits, files = []) {
  return {
    apply(sourceDir) {
      for (const file of files) fs.copyFileSync(file.from, path.join(sourceDir, file.to))
      applyEdits(sourceDir, edits, what)
    },
    digest: () => digest(edits, files.map((file) => fs.readFileSync(file.from, 'utf8'))),
  }
}

module.exports = { sourceChange }
