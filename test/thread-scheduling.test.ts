// How libzmq's threads are scheduled: SCHED_BATCH by default on Linux, the user's
// choice when made, and an error, never an abort, when the system refuses that choice.
import {execFileSync} from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import {describe, expect, it} from "vitest"
import * as zmq from "../src"

const onLinux = process.platform === "linux"
const asRoot = typeof process.getuid === "function" && process.getuid() === 0
const SCHED_OTHER = 0
const SCHED_BATCH = 3

/** Each thread of this process: its name and scheduling policy (from /proc). */
function threads(): Map<string, {name: string; policy: number}> {
  const result = new Map<string, {name: string; policy: number}>()
  for (const tid of fs.readdirSync("/proc/self/task")) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8")
      // Fields after the name: the policy is field 41 of proc(5), the 39th after it.
      const policy = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[38])
      result.set(tid, {name: fs.readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim(), policy})
    } catch {
      // A thread that ended while being read.
    }
  }
  return result
}

/**
 * The libzmq threads a context's first socket started, with their policies. Each names
 * itself once it applied its scheduling, so this waits (up to 2 s) for both names.
 */
function threadsStartedBy(context: zmq.Context): Array<{name: string; policy: number}> {
  const before = threads()
  const socket = new zmq.Push({context})
  const deadline = Date.now() + 2000
  let started: Array<{name: string; policy: number}> = []
  do {
    started = [...threads()].filter(([tid, thread]) => !before.has(tid) && thread.name.startsWith("ZMQbg/")).map(([, t]) => t)
    if (started.length >= 2) break
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)
  } while (Date.now() < deadline)
  socket.close()
  return started
}

describe.skipIf(!onLinux)("libzmq thread scheduling (Linux: /proc and SCHED_BATCH)", () => {
  it("runs libzmq's I/O and reaper threads under SCHED_BATCH and leaves the caller's policy alone", () => {
    const context = new zmq.Context()
    const started = threadsStartedBy(context)
    context.close()
    expect(started.map((thread) => thread.name).sort()).toEqual(["ZMQbg/IO/0", "ZMQbg/Reaper"])
    expect(started.every((thread) => thread.policy === SCHED_BATCH)).toBe(true)
    expect(threads().get(String(process.pid))?.policy).toBe(SCHED_OTHER)
  })

  it("keeps the policy a user chose (threadSchedulingPolicy: 0, ordinary scheduling)", () => {
    const context = new zmq.Context({threadSchedulingPolicy: SCHED_OTHER})
    const started = threadsStartedBy(context)
    context.close()
    expect(started).toHaveLength(2)
    expect(started.every((thread) => thread.policy === SCHED_OTHER)).toBe(true)
  })

  // libzmq keeps the policy its threads inherit when only a priority is chosen, so this
  // shows that zmq-napi then does not switch them to SCHED_BATCH. Raising the priority
  // (libzmq's nice -20) needs root.
  it.skipIf(!asRoot)(`leaves the inherited policy when only threadPriority is chosen${asRoot ? "" : " (skipped: needs root)"}`, () => {
    const context = new zmq.Context({threadPriority: 0})
    const started = threadsStartedBy(context)
    context.close()
    expect(started).toHaveLength(2)
    expect(started.every((thread) => thread.policy === SCHED_OTHER)).toBe(true)
  })
})

describe.skipIf(process.platform === "win32")("a thread scheduling the system refuses (libzmq would abort)", () => {
  for (const [label, options] of [
    ["an unknown policy", {threadSchedulingPolicy: 99}],
    ["SCHED_FIFO without a priority", {threadSchedulingPolicy: 1}],
  ] as const) {
    it(`${label}: the first socket throws EINVAL naming the options, and the context recovers`, () => {
      const context = new zmq.Context(options)
      let error: (Error & {code?: string; errno?: number}) | undefined
      try {
        new zmq.Push({context})
      } catch (thrown) {
        error = thrown as typeof error
      }
      expect(error?.code).toBe("EINVAL")
      expect(typeof error?.errno).toBe("number")
      expect(error?.message).toMatch(/threadSchedulingPolicy/)
      // libzmq's threads did not start: another choice still applies.
      context.threadSchedulingPolicy = SCHED_OTHER
      const push = new zmq.Push({context})
      push.close()
      context.close()
    })
  }

  const why = unprivilegedChildUnavailable()
  it.skipIf(why !== "")(`threadPriority without the right to raise it: EPERM in an unprivileged process${why}`, () => {
    const copy = packageCopyOthersCanRead()
    try {
      const script = `
        const zmq = require(${JSON.stringify(copy)})
        const context = new zmq.Context({threadPriority: 1})
        try { new zmq.Push({context}); console.log("created") } catch (e) { console.log(e.code) }
        context.close()`
      expect(runUnprivileged(["-e", script]).trim()).toBe("EPERM")
    } finally {
      fs.rmSync(copy, {recursive: true, force: true})
    }
  })
})

const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((file) => fs.existsSync(file))

/** Runs node as user and group nobody (65534), through setpriv. */
function runUnprivileged(args: string[]): string {
  const user = ["--reuid=65534", "--regid=65534", "--clear-groups"]
  return execFileSync(SETPRIV!, [...user, process.execPath, ...args], {encoding: "utf8", cwd: os.tmpdir()})
}

/** "" when an unprivileged child can be run, else why not (for the test's name). */
function unprivilegedChildUnavailable(): string {
  if (!onLinux) return " (skipped: setpriv is Linux's)"
  if (!asRoot) return " (skipped: needs root to run a child as an unprivileged user)"
  if (SETPRIV === undefined) return " (skipped: needs setpriv)"
  try {
    runUnprivileged(["--version"])
  } catch {
    return " (skipped: this node cannot be run by an unprivileged user)"
  }
  return ""
}

/**
 * The built package (lib/, its addon, node-gyp-build) copied where any user can read
 * it: the checkout itself may sit in a directory only root can enter.
 */
function packageCopyOthersCanRead(): string {
  const root = path.resolve(__dirname, "..")
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-napi-unprivileged-"))
  fs.cpSync(path.join(root, "lib"), path.join(copy, "lib"), {recursive: true})
  fs.copyFileSync(path.join(root, "package.json"), path.join(copy, "package.json"))
  const loader = path.dirname(require.resolve("node-gyp-build/package.json"))
  fs.cpSync(loader, path.join(copy, "node_modules", "node-gyp-build"), {recursive: true})
  const addon = (require("node-gyp-build") as {path(dir: string): string}).path(root)
  fs.mkdirSync(path.join(copy, "build", "Release"), {recursive: true})
  fs.copyFileSync(addon, path.join(copy, "build", "Release", "zmq_napi.node"))
  execFileSync("chmod", ["-R", "a+rX", copy])
  return copy
}
