/**
 * Batch APIs: an in-process metrics collector fed by producers over inproc, run twice
 * on the same traffic, once with `for await` and once with `receiveMany`.
 *
 * Producers (parts of one program: request handlers, timers) emit samples ["name",
 * "value", producer, sequence] on PUSH sockets connected to one PULL, the collector,
 * which sums them per name and checks that each producer's samples come in order.
 *
 * What to watch for:
 *  - Within one process, JavaScript is the whole cost of a message: a promise and an
 *    iterator step per message. `receiveMany(max)` hands over the messages at hand (at
 *    least one, at most `max`) for one promise, and `sendMany(batch)` sends a burst with
 *    one native call. Over tcp or ipc the kernel and libzmq's I/O threads dominate
 *    instead, and batches gain less (1.17-1.38x at 16 B; see docs/performance.md).
 *  - receiveMany returns what is there, it does not wait to fill up: the batch sizes
 *    printed below follow how far the producers ran ahead of the collector. Work done
 *    once per batch (a database write, a file append) is where batching pays twice.
 *  - Order is kept: messages from one producer arrive in the order sent, in both modes.
 *  - sendMany waits at the high-water mark like send() and resolves when libzmq has
 *    taken the whole batch; nothing is dropped.
 *
 * Options: --producers=4  --samples=50000 (per producer)  --batch=100 (per sendMany)
 *          --max=256 (receiveMany)
 */
import {Pull, Push} from "zmq-napi"

import {intArg} from "./lib/cli"

const METRICS = ["requests", "bytes", "errors"]

/** Sample `i` of producer `p`: deterministic, so totals can be checked. */
function sample(p: number, i: number): [string, string] {
  const name = METRICS[i % METRICS.length]
  return [name, String((p + 1) * (i % 7))]
}

async function produce(address: string, p: number, samples: number, batch: number, useBatches: boolean): Promise<void> {
  const push = new Push()
  push.connect(address)
  for (let i = 0; i < samples; i += batch) {
    const burst = Array.from({length: Math.min(batch, samples - i)}, (_, k) => [...sample(p, i + k), String(p), String(i + k)])
    if (useBatches) await push.sendMany(burst)
    else for (const message of burst) await push.send(message)
  }
  push.close()
}

interface Report {
  totals: Map<string, number>
  outOfOrder: number
  batches: number
  largest: number
  ms: number
}

async function collect(useBatches: boolean, producers: number, samples: number, batch: number, max: number): Promise<Report> {
  const address = `inproc://metrics-${useBatches ? "batched" : "plain"}`
  const pull = new Pull()
  await pull.bind(address)
  const totals = new Map<string, number>()
  const next = new Array<number>(producers).fill(0)
  let outOfOrder = 0
  const add = ([name, value, producer, sequence]: Buffer[]) => {
    const key = name.toString()
    totals.set(key, (totals.get(key) ?? 0) + Number(value))
    const p = Number(producer)
    if (Number(sequence) !== next[p]) outOfOrder++
    next[p] = Number(sequence) + 1
  }
  const expected = producers * samples
  let received = 0
  let batches = 0
  let largest = 0
  const started = process.hrtime.bigint()
  const producing = Array.from({length: producers}, (_, p) => produce(address, p, samples, batch, useBatches))
  if (useBatches) {
    while (received < expected) {
      const messages = await pull.receiveMany(max)
      for (const message of messages) add(message)
      received += messages.length
      batches++
      largest = Math.max(largest, messages.length)
    }
  } else {
    for await (const message of pull) {
      add(message)
      batches++
      largest = 1
      if (++received === expected) break
    }
  }
  await Promise.all(producing)
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  pull.close()
  return {totals, outOfOrder, batches, largest, ms}
}

async function main(): Promise<void> {
  const producers = intArg("producers", 4)
  const samples = intArg("samples", 50_000)
  const batch = intArg("batch", 100)
  const max = intArg("max", 256)
  const total = producers * samples
  console.log(`${producers} producers x ${samples} samples, bursts of ${batch}; receiveMany(${max})`)

  for (const useBatches of [false, true]) {
    const mode = useBatches ? "sendMany/receiveMany" : "send/for await"
    const {totals, outOfOrder, batches, largest, ms} = await collect(useBatches, producers, samples, batch, max)
    const sums = METRICS.map((name) => `${name}=${totals.get(name) ?? 0}`).join(" ")
    console.log(`${mode}: totals ${sums}`)
    console.log(`${mode}: ${outOfOrder} samples out of order`)
    console.log(`${mode}: ${total} samples in ${batches} batches (largest ${largest}), ${Math.round(total / (ms / 1000))} samples/s`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
