"use strict";
// Locating and parsing libzmq's own C perf programs (local_thr, remote_thr,
// local_lat, remote_lat, inproc_thr, inproc_lat). They are built from the same
// libzmq source our addon uses, so they are the "no binding overhead" ceiling.

const fs = require("fs");
const path = require("path");

// Relative to the repo root; BENCH_LIBZMQ_PERF overrides it (e.g. for a
// CMake build tree that puts binaries in build/bin).
function perfDir() {
  return process.env.BENCH_LIBZMQ_PERF || path.join(__dirname, "..", "deps", "libzmq-4.3.4", "perf");
}

// Path to an executable program in dir, or null if it is not there.
function program(dir, name) {
  const file = path.join(dir, process.platform === "win32" ? `${name}.exe` : name);
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile() ? file : null;
  } catch (_) {
    return null;
  }
}

// local_thr / inproc_thr print:
//   message size: 16 [B]
//   message count: 1000000
//   mean throughput: 1234567 [msg/s]
//   mean throughput: 158.024 [Mb/s]     (megaBITS per second)
function parseThroughput(lines, size) {
  let msgPerSec = null;
  let mbitPerSec = null;
  for (const l of lines) {
    let m = /mean throughput:\s*([\d.]+)\s*\[msg\/s\]/.exec(l);
    if (m) msgPerSec = Number(m[1]);
    m = /mean throughput:\s*([\d.]+)\s*\[Mb\/s\]/.exec(l);
    if (m) mbitPerSec = Number(m[1]);
  }
  if (msgPerSec === null) return null;
  // MB/s (10^6 bytes) computed the same way as for the Node.js workers, so
  // columns compare like for like; the raw Mb/s is kept for reference.
  return { msgPerSec, mbPerSec: (msgPerSec * size) / 1e6, mbitPerSec, raw: lines.slice(-6) };
}

// remote_lat / inproc_lat print "average latency: 12.345 [us]", which is
// one-way latency = round trip / 2.
function parseLatency(lines) {
  for (const l of lines) {
    const m = /average latency:\s*([\d.]+)\s*\[us\]/.exec(l);
    if (m) {
      const latencyUs = Number(m[1]);
      return { latencyUs, rttUs: latencyUs * 2, raw: lines.slice(-6) };
    }
  }
  return null;
}

module.exports = { perfDir, program, parseThroughput, parseLatency };
