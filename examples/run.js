#!/usr/bin/env node
'use strict'

// `npm run example <name> [--option=value ...]` runs one example; `--list` lists them.
// The examples are TypeScript: they are compiled with the project's own tsc into
// examples/dist (only when a source changed), then the compiled program runs in this
// process. They import "zmq-napi", which resolves to this package's compiled lib/.

const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const here = __dirname
const root = path.join(here, '..')
const dist = path.join(here, 'dist')
const stamp = path.join(dist, '.stamp')

/** name -> what it teaches; the program is examples/<name>.ts. */
const examples = {
  ticker: 'PUB/SUB stock ticker: topic filtering, a late joiner, a slow subscriber at the high-water mark',
  pipeline: 'PUSH/PULL ventilator, workers and sink: ready handshake, even spread, done signal',
  chat: 'ROUTER/DEALER chat server: multipart frames and the routing envelope',
  query: 'REQ/REP queries plus PUB/SUB live updates: snapshot then stream, merged by sequence number',
  'trading-desk': 'actors in worker_threads with socket mailboxes; inproc, ipc or tcp by changing the address',
  images: 'parallel thumbnails: load-balanced ROUTER/DEALER over worker_threads and over tcp processes',
  plugins: 'plugins as processes over ipc: crash isolation, lazy pirate timeouts and recovery',
  broker: 'shared queue: ROUTER/DEALER proxy, services come and go without clients noticing',
  fanout: 'remote execution: commands published to minions, results pulled back, per-command timeouts',
  metrics: 'batch APIs: an in-process collector with for await and with receiveMany/sendMany, same totals',
  web: 'STREAM socket as an HTTP server for plain TCP clients: connect/hang-up frames, reassembling requests',
  secure: 'CURVE with certificate files: admit clients by key directory, know the caller, revoke a client',
}

function sourceFiles() {
  const files = [path.join(here, 'tsconfig.json'), path.join(root, 'lib', 'index.d.ts')]
  for (const dir of [here, path.join(here, 'lib'), path.join(here, 'plugins')]) {
    if (!fs.existsSync(dir)) continue
    for (const name of fs.readdirSync(dir)) if (name.endsWith('.ts')) files.push(path.join(dir, name))
  }
  return files
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return Infinity // missing: treat as changed
  }
}

/** Compiles the examples if any source is newer than the last compile. */
function build() {
  if (!fs.existsSync(path.join(root, 'lib', 'index.js'))) {
    throw new Error('lib/ is missing: run `npm run build:all` (or `npm run build:ts`) first')
  }
  const srcDir = path.join(root, 'src')
  if (fs.existsSync(srcDir)) {
    const newestSrc = Math.max(...fs.readdirSync(srcDir).map((name) => mtime(path.join(srcDir, name))))
    if (newestSrc > mtime(path.join(root, 'lib', 'index.js'))) {
      console.error('note: src/ is newer than lib/; run `npm run build:ts` to use your changes')
    }
  }
  const built = fs.existsSync(stamp) ? mtime(stamp) : -Infinity
  if (sourceFiles().every((file) => mtime(file) <= built)) return
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] })
  execFileSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.json')], { stdio: 'inherit' })
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`)
}

function list() {
  const width = Math.max(...Object.keys(examples).map((name) => name.length))
  console.log('Examples (npm run example <name> [--option=value ...]):')
  for (const [name, about] of Object.entries(examples)) console.log(`  ${name.padEnd(width)}  ${about}`)
}

function main() {
  const [name, ...args] = process.argv.slice(2)
  if (name === undefined || name === '--list' || name === '--help') {
    list()
    return
  }
  if (name === '--build') {
    build()
    return
  }
  if (!Object.hasOwn(examples, name)) {
    console.error(`unknown example "${name}"`)
    list()
    process.exitCode = 2
    return
  }
  build()
  const program = path.join(dist, `${name}.js`)
  // The example reads its options from process.argv, as if it had been started directly.
  process.argv = [process.argv[0], program, ...args]
  require(program)
}

if (require.main === module) {
  try {
    main()
  } catch (error) {
    console.error(error.message)
    process.exitCode = 1
  }
}

module.exports = { build, examples }
