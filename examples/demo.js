#!/usr/bin/env node
'use strict'

// `npm run demo`: a short tour of three examples - the PUB/SUB ticker, the PUSH/PULL
// pipeline and the ROUTER/DEALER broker - run small, then a one-line summary of each.
// Every example is a separate program; see `npm run example -- --list` for all of them.

const path = require('path')
const { spawnSync } = require('child_process')
const { build } = require('./run')

const tour = [
  { name: 'ticker', args: ['--quotes=100'], summary: /^slow: .*$/m },
  { name: 'pipeline', args: ['--workers=3', '--tasks=24', '--limit=500000'], summary: /^primes below .*$/m },
  { name: 'broker', args: ['--clients=2', '--requests=3'], summary: /^clients: .*$/m },
]

function main() {
  build()
  const results = []
  for (const { name, args, summary } of tour) {
    console.log(`\n=== ${name} ${args.join(' ')}`)
    const started = Date.now()
    const run = spawnSync(process.execPath, [path.join(__dirname, 'dist', `${name}.js`), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 60_000,
    })
    const ms = Date.now() - started
    process.stdout.write(`${run.stdout.trimEnd().replace(/^/gm, '  ')}\n`)
    const line = summary.exec(run.stdout)?.[0]
    results.push({ name, ok: run.status === 0 && line !== undefined, line: line ?? `exit ${run.status ?? run.signal}`, ms })
  }
  console.log('\n=== summary')
  for (const { name, ok, line, ms } of results) {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(9)} ${String(ms).padStart(5)} ms  ${line}`)
  }
  if (results.some((result) => !result.ok)) process.exitCode = 1
}

try {
  main()
} catch (error) {
  console.error(error.message)
  process.exitCode = 1
}
