import {execFile} from "node:child_process"
import path from "node:path"
import {promisify} from "node:util"

import {describe, expect, it} from "vitest"

// `npm run bench` is run by hand and its numbers are never asserted here. This only
// checks that every zmq-napi workload still runs end to end and yields a number, so
// the benchmark cannot quietly rot.
/** Runs the bench once per cell with the given settings; resolves with what it printed. */
async function bench(settings: Record<string, string>, timeout: number): Promise<string> {
  const script = path.join(__dirname, "..", "bench", "run.js")
  const env = {...process.env, BENCH_REPEAT: "1", BENCH_TIMEOUT: "30", ...settings}
  const {stdout} = await promisify(execFile)(process.execPath, [script], {env, timeout})
  return stdout
}

describe("npm run bench", () => {
  it("measures every zmq-napi workload over tcp and inproc", async () => {
    const stdout = await bench({BENCH_LIBS: "zmq-napi", BENCH_ONLY: "tcp,inproc", BENCH_SCALE: "0.002"}, 180000)
    const rows = stdout.split("\n").filter((line) => /^(PUSH\/PULL|sendMany\/receiveMany|REQ\/REP) /.test(line))
    const labels = rows.map((row) => row.split(/\s{2,}/)[0])
    for (const label of [
      "PUSH/PULL 16 B [msg/s]",
      "PUSH/PULL 64 KiB [MB/s]",
      "sendMany/receiveMany 1 KiB [msg/s] (b)",
      "PUSH/PULL 64 KiB, allocateFrame [msg/s] (f)",
    ]) {
      expect(labels.filter((l) => l === label)).toHaveLength(2)
    }
    // The sender-in-a-worker rows are inproc's alone, the writing-sender row tcp's and ipc's.
    for (const size of ["16 B", "1 KiB", "64 KiB"]) {
      expect(labels.filter((l) => l === `PUSH/PULL ${size}, two threads [msg/s] (t)`)).toHaveLength(1)
    }
    expect(labels.filter((l) => l === "PUSH/PULL 64 KiB, sender writes data [msg/s] (w)")).toHaveLength(1)
    expect(rows).toHaveLength(2 * 9 + 3 + 1)
    for (const row of rows) expect(row.split(/\s{2,}/)[1], row).toMatch(/^[\d,]+(\.\d+)?$/)
  }, 200000)

  // The C column's own sender (scripts/lib/perf-tools/writing_sender.cpp), built with
  // libzmq's perf programs: local_thr must count every message it sends.
  it("measures libzmq's local_thr against the writing sender", async () => {
    const stdout = await bench({BENCH_LIBS: "libzmq", BENCH_ONLY: "tcp,writing", BENCH_SCALE: "0.01"}, 60000)
    const row = stdout.split("\n").find((line) => line.startsWith("PUSH/PULL 64 KiB, sender writes data"))
    expect(row, stdout).toBeDefined()
    expect(row!.split(/\s{2,}/)[3], row).toMatch(/^[\d,]+$/)
  }, 90000)
})
