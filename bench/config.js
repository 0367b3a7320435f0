"use strict";
// Benchmark configuration from environment variables (see docs/benchmarks.md).

const { envSwitch } = require("../scripts/lib/mode");

const TRANSPORTS = ["tcp", "ipc", "inproc"];
const LIBS = ["zmq-napi", "zeromq", "libzmq"];
// In the order measured and shown: "writing" right after "thr", whose 64 KiB row it
// qualifies, so the two are measured minutes apart at most.
const WORKLOADS = ["thr", "writing", "batch", "frame", "threads", "lat"];
// Workloads that only make sense on some transports; the rest run on all.
const WORKLOAD_TRANSPORTS = { threads: ["inproc"], writing: ["tcp", "ipc"] };

// Message counts per cell. The fastest run of a cell must last long enough
// (about half a second here) that JIT warm-up and connection set-up do not
// dominate: at 500k messages a zmq-napi 16 B run took 0.15-0.25 s and varied
// 2.0-3.3M msg/s between repeats. zeromq@6 then takes about 2-6 s per run.
// Bigger messages get fewer of them: per-message cost dominates at 16 B, bytes
// copied dominate at 64 KiB.
const FULL_COUNTS = {
  thr: { 16: 2000000, 1024: 500000, 65536: 30000 },
  // zmq-napi's sendMany/receiveMany; the other columns repeat their "thr" row.
  batch: { 16: 2000000, 1024: 500000 },
  // zmq-napi's allocateFrame() per message, handed over without copying.
  frame: { 65536: 30000 },
  // inproc with the sender in a worker thread, the shape of libzmq's inproc_thr.
  threads: { 16: 2000000, 1024: 500000, 65536: 30000 },
  // libzmq's local_thr against a C sender that writes each message (writing_sender).
  writing: { 65536: 30000 },
  lat: { 16: 10000 },
};

// Quick mode trades precision for a whole run under a minute (with all three
// columns, on a busy 2-core box): counts are cut 20x, so process start-up
// dominates each cell, and cells run 3 times, the fewest that still gives a
// median that shrugs off one noisy run.
const QUICK_DIVISOR = 20;

function list(v) {
  return String(v || "")
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function positiveNumber(name, v, fallback) {
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
}

function load(env = process.env) {
  const quick = envSwitch("BENCH_QUICK", false, env);
  const repeat = Math.round(positiveNumber("BENCH_REPEAT", env.BENCH_REPEAT, quick ? 3 : 5));
  const scale = positiveNumber("BENCH_SCALE", env.BENCH_SCALE, 1) / (quick ? QUICK_DIVISOR : 1);
  const timeoutMs = positiveNumber("BENCH_TIMEOUT", env.BENCH_TIMEOUT, quick ? 10 : 60) * 1000;

  // BENCH_ONLY mixes transport and workload tokens: "tcp", "ipc,inproc",
  // "lat", "tcp,thr". Tokens of a kind not mentioned leave that kind unfiltered.
  const only = list(env.BENCH_ONLY);
  const unknown = only.filter((t) => !TRANSPORTS.includes(t) && !WORKLOADS.includes(t));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown token(s) ${unknown.join(", ")}`);
  const pick = (all) => (all.some((t) => only.includes(t)) ? all.filter((t) => only.includes(t)) : all);
  let transports = pick(TRANSPORTS);
  // libzmq does not offer ipc:// on Windows in the versions we target.
  if (process.platform === "win32") transports = transports.filter((t) => t !== "ipc");
  const workloads = pick(WORKLOADS);

  const libsAsked = list(env.BENCH_LIBS).map((l) => (l === "zeromq@6" ? "zeromq" : l));
  const badLib = libsAsked.filter((l) => !LIBS.includes(l));
  if (badLib.length) throw new Error(`BENCH_LIBS: unknown library ${badLib.join(", ")} (use ${LIBS.join(", ")})`);
  const libs = libsAsked.length ? LIBS.filter((l) => libsAsked.includes(l)) : LIBS;

  const rows = [];
  for (const workload of workloads) {
    for (const [size, n] of Object.entries(FULL_COUNTS[workload])) {
      const rowTransports = WORKLOAD_TRANSPORTS[workload] || TRANSPORTS;
      rows.push({ workload, size: Number(size), count: Math.max(100, Math.round(n * scale)), transports: rowTransports });
    }
  }
  return { quick, repeat, scale, timeoutMs, transports, libs, rows };
}

module.exports = { load, LIBS };
