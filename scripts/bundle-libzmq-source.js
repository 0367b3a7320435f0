#!/usr/bin/env node
'use strict'

// `prepack`: puts the verified libzmq source tarball into deps/ so the published package
// carries it (package.json "files"), and a source build on a platform without a prebuilt
// binary needs no download. deps/ is git-ignored: the tarball is never committed.

const fs = require('fs')
const path = require('path')
const { obtainLibzmqSource } = require('./libzmq-source')
const { bundledLibzmqSource } = require('./lib/paths')

async function bundle() {
  const source = await obtainLibzmqSource()
  if (path.resolve(source) !== bundledLibzmqSource) {
    fs.mkdirSync(path.dirname(bundledLibzmqSource), { recursive: true })
    fs.copyFileSync(source, bundledLibzmqSource)
  }
  console.log(`zmq-napi: bundled ${path.relative(process.cwd(), bundledLibzmqSource) || bundledLibzmqSource}`)
}

bundle().catch((error) => {
  console.error(`zmq-napi: ${error.message}`)
  process.exit(1)
})
