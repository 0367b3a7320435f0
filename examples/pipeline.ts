/**
 * "Big data" calculation: a PUSH/PULL pipeline with a ventilator, N workers and a sink.
 *
 * The ventilator cuts [0, limit) into ranges and PUSHes them; each worker counts and sums
 * the primes in the ranges it gets and PUSHes the result to the sink; the sink adds up.
 * Workers are worker_threads here, talking tcp, so they could as well be processes on
 * other machines.
 *
 * What to watch for:
 *  - A PUSH socket round-robins only over the peers it is connected to *at that moment*.
 *    Start sending while one worker is connected and that worker gets the whole batch
 *    queued. Hence the "ready" handshake: every worker tells the sink "ready" with the
 *    address of its task socket, and the ventilator starts only when all N are ready.
 *    It then connects its PUSH to each worker. A connect creates the queue to that peer
 *    at once (the TCP connection follows later), so from the first task on the work is
 *    dealt out evenly: with N workers, each gets every N-th task.
 *  - The "done" signal: after the tasks the ventilator sends one "done" to each worker
 *    (round-robin again gives exactly one each). Messages between two sockets arrive in
 *    order, so a worker sees its "done" after all its tasks, and the sink sees that
 *    worker's "done" after all its results. When the sink has N "done"s, the batch is
 *    complete: no counting on the side, no timeouts, and the workers exit cleanly.
 *
 * Options: --workers=4  --tasks=40  --limit=2000000
 */
import {isMainThread, Worker, workerData} from "node:worker_threads"

import {Pull, Push} from "zmq-napi"

import {intArg} from "./lib/cli"

/** The real work: how many primes there are in [from, to), and their sum. */
function primesIn(from: number, to: number): {count: number; sum: number} {
  let count = 0
  let sum = 0
  for (let n = Math.max(from, 2); n < to; n++) {
    let prime = true
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false
        break
      }
    }
    if (prime) {
      count++
      sum += n
    }
  }
  return {count, sum}
}

/** A worker thread: pulls ranges, pushes results, stops at "done". */
async function worker(id: number, sinkAddress: string): Promise<void> {
  const tasks = new Pull()
  await tasks.bind("tcp://127.0.0.1:*")
  const results = new Push()
  results.connect(sinkAddress)
  await results.send(["ready", id, tasks.lastEndpoint!])

  let handled = 0
  for await (const [kind, from, to] of tasks) {
    if (kind.toString() === "done") break
    const {count, sum} = primesIn(Number(from), Number(to))
    await results.send(["result", id, count, sum])
    handled++
  }
  await results.send(["done", id, handled])
  tasks.close()
  results.close()
}

/** Waits for every worker's "ready"; returns their task addresses in worker order. */
async function readyWorkers(sink: Pull, count: number): Promise<string[]> {
  const addresses: string[] = []
  while (addresses.filter(Boolean).length < count) {
    const [kind, id, address] = await sink.receive()
    if (kind.toString() !== "ready") throw new Error(`expected "ready", got "${kind}"`)
    addresses[Number(id)] = address.toString()
  }
  return addresses
}

/** Connects to every worker, then deals out the ranges and one "done" per worker. */
async function ventilate(addresses: string[], tasks: number, limit: number): Promise<void> {
  const ventilator = new Push()
  for (const address of addresses) ventilator.connect(address)
  const size = Math.ceil(limit / tasks)
  for (let i = 0; i < tasks; i++) {
    await ventilator.send(["task", i * size, Math.min(limit, (i + 1) * size)])
  }
  for (let i = 0; i < addresses.length; i++) await ventilator.send("done")
  ventilator.close() // linger: queued messages are still delivered
}

async function main(): Promise<void> {
  const workers = intArg("workers", 4)
  const tasks = intArg("tasks", 40)
  const limit = intArg("limit", 2_000_000)
  const started = Date.now()

  const sink = new Pull()
  await sink.bind("tcp://127.0.0.1:*")
  const threads = Array.from({length: workers}, (_, id) => new Worker(__filename, {workerData: {id, sinkAddress: sink.lastEndpoint}}))
  const exited = threads.map((thread) => new Promise((resolve) => thread.once("exit", resolve)))

  const addresses = await readyWorkers(sink, workers)
  console.log(`${workers} workers ready; the ventilator connects to each before sending`)
  await ventilate(addresses, tasks, limit)
  console.log(`sent ${tasks} tasks covering [0, ${limit}) and ${workers} done signals`)

  let primes = 0
  let sum = 0
  const perWorker = new Array<number>(workers).fill(0)
  let finished = 0
  while (finished < workers) {
    const [kind, id, a, b] = await sink.receive()
    if (kind.toString() === "result") {
      primes += Number(a)
      sum += Number(b)
      perWorker[Number(id)]++
    } else if (kind.toString() === "done") {
      finished++
      if (Number(a) !== perWorker[Number(id)]) throw new Error(`worker ${id} reported ${a} tasks, the sink got ${perWorker[Number(id)]}`)
    }
  }
  sink.close()
  await Promise.all(exited)

  perWorker.forEach((count, id) => console.log(`worker ${id}: ${count} tasks`))
  console.log(`primes below ${limit}: ${primes}, sum ${sum}`)
  console.log(`batch finished in ${Date.now() - started} ms`)
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
} else {
  const {id, sinkAddress} = workerData as {id: number; sinkAddress: string}
  worker(id, sinkAddress).catch((error) => {
    console.error(`worker ${id}:`, error)
    process.exitCode = 1
  })
}
