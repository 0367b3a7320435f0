"use strict";
// The throughput loops, shared by the tcp/ipc workers and the inproc worker so
// every transport measures exactly the same code. Workload "thr" is the plain
// zeromq@6-style program; "batch" is the same traffic through zmq-napi's batch
// API (sendMany / receiveMany), which zeromq@6 does not have; "frame" sends a
// new zmq-napi allocateFrame() per message, handed to libzmq without copying.

// Messages per sendMany call, and the most one receiveMany may return. Big
// enough that per-call costs vanish, small enough that one call never holds
// more than a high-water mark's worth (1000) of messages.
const SEND_BATCH = 256;
const RECEIVE_BATCH = 1024;

// One buffer reused for every send, as libzmq's remote_thr does: we measure
// the binding, not Buffer allocation. The "frame" loop allocates per message
// instead (a frame can be sent once) and, like remote_thr's zmq_msg_init_size,
// leaves it unwritten.
async function sendAll(zmq, push, workload, size, count) {
  if (workload === "frame") {
    for (let i = 0; i < count; i++) await push.send(zmq.allocateFrame(size));
    return;
  }
  const buf = Buffer.alloc(size, 0x61);
  if (workload !== "batch") {
    for (let i = 0; i < count; i++) await push.send(buf);
    return;
  }
  const full = new Array(SEND_BATCH).fill(buf);
  for (let sent = 0; sent < count; sent += SEND_BATCH) {
    await push.sendMany(count - sent >= SEND_BATCH ? full : full.slice(0, count - sent));
  }
}

// Receives `count` messages; timed from the first to the last, like local_thr.
async function receiveAll(pull, workload, size, count, nowNs) {
  let received = 0;
  let first = 0n;
  const check = (msg) => {
    if (msg.length !== size) throw new Error(`expected ${size} B, got ${msg.length} B`);
  };
  if (workload === "batch") {
    while (received < count) {
      const messages = await pull.receiveMany(Math.min(RECEIVE_BATCH, count - received));
      if (received === 0) {
        first = nowNs();
        check(messages[0][0]);
      }
      received += messages.length;
    }
  } else {
    for await (const [msg] of pull) {
      if (received === 0) {
        first = nowNs();
        check(msg);
      }
      if (++received === count) break;
    }
  }
  const elapsedUs = Math.max(1, Number(nowNs() - first) / 1e3);
  const msgPerSec = (count / elapsedUs) * 1e6;
  return { msgPerSec, mbPerSec: (msgPerSec * size) / 1e6, elapsedMs: elapsedUs / 1e3, count, size };
}

module.exports = { sendAll, receiveAll };
