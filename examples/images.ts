/**
 * Parallel image processing: fan real work out to workers, collect the results.
 *
 * The main program generates RGBA images and has workers shrink each one into a
 * thumbnail (a box filter: every output pixel is the average of a factor x factor block).
 * The same worker code runs in two set-ups:
 *  - threads:   worker_threads in this process, connected over inproc;
 *  - processes: separate Node.js processes, connected over tcp (could be other machines).
 *
 * The distribution is *load balancing* over ROUTER (main) and DEALER (workers): a worker
 * says "ready", gets one job, returns the result, gets the next. Unlike PUSH, which deals
 * jobs out up front in turn, this hands work only to a worker that is free, so a slow
 * worker gets fewer jobs and nothing waits behind it.
 *
 * What to watch for:
 *  - Images travel as binary frames: [job, width, height, pixels]. No JSON, no base64.
 *  - The ROUTER prefixes every incoming message with the worker's id; sending [id, ...]
 *    back answers exactly that worker.
 *  - Workers render each thumbnail straight into an `allocateFrame()` buffer, which the send
 *    hands to libzmq without copying (from 16 KiB, e.g. the default 128x128 thumbnails).
 *    A frame is sent once: after the send it is empty.
 *  - Results come back in whatever order workers finish; each carries its job number, so
 *    the aggregate (a checksum over all thumbnails in job order) does not depend on it.
 *    Both set-ups must produce the checksum the single-threaded loop computes.
 *
 * Options: --mode=both|threads|processes  --workers=4  --images=16  --size=1024  --factor=8
 */
import {spawn} from "node:child_process"
import {isMainThread, Worker, workerData} from "node:worker_threads"

import {allocateFrame, Dealer, Router} from "zmq-napi"

import {exitWithParent} from "./lib/child"
import {intArg, stringArg} from "./lib/cli"

/** A deterministic test picture: gradients and a moving pattern, 4 bytes per pixel. */
function generateImage(index: number, size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4
      pixels[at] = (x * (index + 1) + y) & 255
      pixels[at + 1] = ((x ^ y) + index * 16) & 255
      pixels[at + 2] = ((x * y) >> (4 + (index % 3))) & 255
      pixels[at + 3] = 255
    }
  }
  return pixels
}

/** The real work: box-filter downscale by `factor` in both directions. */
function thumbnail(pixels: Uint8Array, width: number, height: number, factor: number): {width: number; height: number; pixels: Buffer} {
  const [w, h] = [Math.floor(width / factor), Math.floor(height / factor)]
  // Every byte is written below, so the uninitialised frame is fine.
  const out = allocateFrame(w * h * 4)
  const area = factor * factor
  for (let ty = 0; ty < h; ty++) {
    for (let tx = 0; tx < w; tx++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0
        for (let y = ty * factor; y < (ty + 1) * factor; y++) {
          for (let x = tx * factor; x < (tx + 1) * factor; x++) sum += pixels[(y * width + x) * 4 + c]
        }
        out[(ty * w + tx) * 4 + c] = Math.round(sum / area)
      }
    }
  }
  return {width: w, height: h, pixels: out}
}

/** FNV-1a over all thumbnails in job order. */
function checksum(thumbnails: Buffer[]): string {
  let hash = 0x811c9dc5
  for (const bytes of thumbnails) {
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, "0")
}

/** A worker, wherever it runs: ready, then one job at a time until "stop". */
async function worker(address: string, factor: number): Promise<void> {
  const socket = new Dealer()
  socket.connect(address)
  await socket.send("ready")
  for await (const [kind, job, width, height, pixels] of socket) {
    if (kind.toString() === "stop") break
    const small = thumbnail(pixels, Number(width), Number(height), factor)
    await socket.send(["result", job, small.width, small.height, small.pixels])
  }
  socket.close()
}

/** Hands out jobs to whichever worker is free; returns thumbnails in job order. */
async function distribute(router: Router, images: Buffer[], size: number, workers: number) {
  const thumbnails: Buffer[] = new Array(images.length)
  const perWorker = new Map<string, number>()
  let next = 0
  let received = 0
  let stopped = 0
  while (stopped < workers) {
    const [id, kind, job, , , pixels] = await router.receive()
    const worker = id.toString("hex")
    perWorker.set(worker, (perWorker.get(worker) ?? 0) + (kind.toString() === "result" ? 1 : 0))
    if (kind.toString() === "result") {
      thumbnails[Number(job)] = pixels
      received++
    }
    if (next < images.length) {
      await router.send([id, "job", next, size, size, images[next]])
      next++
    } else {
      await router.send([id, "stop"])
      stopped++
    }
  }
  if (received !== images.length) throw new Error(`expected ${images.length} results, got ${received}`)
  return {thumbnails, perWorker: [...perWorker.values()]}
}

type Mode = "threads" | "processes"

async function run(mode: Mode, images: Buffer[], options: {size: number; factor: number; workers: number}) {
  const started = Date.now()
  const router = new Router()
  const address = mode === "threads" ? `inproc://thumbnails-${process.pid}` : "tcp://127.0.0.1:*"
  await router.bind(address)
  const endpoint = router.lastEndpoint!
  const exits = Array.from({length: options.workers}, () => {
    if (mode === "threads") {
      const thread = new Worker(__filename, {workerData: {address: endpoint, factor: options.factor}})
      return new Promise((resolve) => thread.once("exit", resolve))
    }
    const args = [__filename, `--worker=${endpoint}`, `--factor=${options.factor}`]
    const child = spawn(process.execPath, args, {stdio: ["pipe", "inherit", "inherit"]})
    return new Promise((resolve) => child.once("exit", resolve))
  })
  const result = await distribute(router, images, options.size, options.workers)
  const codes = await Promise.all(exits)
  router.close()
  if (codes.some((code) => code !== 0)) throw new Error(`a worker exited with ${codes.join(", ")}`)
  return {...result, ms: Date.now() - started}
}

async function main(): Promise<void> {
  const mode = stringArg("mode", "both", ["both", "threads", "processes"])
  const workers = intArg("workers", 4)
  const count = intArg("images", 16)
  const size = intArg("size", 1024)
  const factor = intArg("factor", 8)
  if (size % factor !== 0) throw new RangeError(`--size (${size}) must be a multiple of --factor (${factor})`)

  const images = Array.from({length: count}, (_, index) => generateImage(index, size))
  const t0 = Date.now()
  const expected = checksum(images.map((image) => thumbnail(image, size, size, factor).pixels))
  console.log(`${count} images of ${size}x${size} RGBA -> ${size / factor}x${size / factor} thumbnails`)
  console.log(`single-threaded: checksum ${expected} in ${Date.now() - t0} ms`)

  const modes: Mode[] = mode === "both" ? ["threads", "processes"] : [mode]
  for (const each of modes) {
    const {thumbnails, perWorker, ms} = await run(each, images, {size, factor, workers})
    const sum = checksum(thumbnails)
    const verdict = sum === expected ? "matches" : "DOES NOT MATCH"
    console.log(`${each}: ${workers} workers, checksum ${sum} (${verdict}) in ${ms} ms; jobs per worker: ${perWorker.join(" ")}`)
    if (sum !== expected) process.exitCode = 1
  }
}

const workerAddress = stringArg("worker", "")
if (!isMainThread) {
  const data = workerData as {address: string; factor: number}
  void worker(data.address, data.factor)
} else if (workerAddress !== "") {
  exitWithParent()
  void worker(workerAddress, intArg("factor", 8))
} else {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
