"use strict";
// inproc workloads: both ends live in ONE process on one library instance
// (inproc only works within a single ZeroMQ context), so sender and receiver
// share this event loop. Measured the same way as the cross-process workers.
//   node bench/worker-inproc.js <lib> thr <size> <count>
//   node bench/worker-inproc.js <lib> lat <size> <count>
const { loadLib, emit, parseArgs, nowNs, closeAll, main } = require("./worker-common");
const { roundTrips } = require("./lat-loop");

async function throughput(zmq, size, count) {
  const pull = new zmq.Pull();
  const push = new zmq.Push();
  const endpoint = `inproc://bench-thr-${process.pid}`;
  await pull.bind(endpoint);
  push.connect(endpoint);

  const buf = Buffer.alloc(size, 0x61);
  const sending = (async () => {
    for (let i = 0; i < count; i++) await push.send(buf);
  })();

  let received = 0;
  let first = 0n;
  let last = 0n;
  for await (const [msg] of pull) {
    if (received === 0) {
      first = nowNs();
      if (msg.length !== size) throw new Error(`expected ${size} B, got ${msg.length} B`);
    }
    if (++received === count) {
      last = nowNs();
      break;
    }
  }
  await sending;
  closeAll([push, pull]);
  // Same formula as libzmq's inproc_thr/local_thr.
  const elapsedUs = Math.max(1, Number(last - first) / 1e3);
  const msgPerSec = (count / elapsedUs) * 1e6;
  return { msgPerSec, mbPerSec: (msgPerSec * size) / 1e6, elapsedMs: elapsedUs / 1e3, count, size };
}

async function latency(zmq, size, count) {
  const rep = new zmq.Reply();
  const req = new zmq.Request();
  const endpoint = `inproc://bench-lat-${process.pid}`;
  await rep.bind(endpoint);
  req.connect(endpoint);

  const echoing = (async () => {
    try {
      for await (const [msg] of rep) await rep.send(msg);
    } catch (err) {
      if (!rep.closed) throw err;
    }
  })();
  const result = await roundTrips(req, size, count, nowNs);
  closeAll([req, rep]);
  await echoing;
  return result;
}

main(async () => {
  const { lib, workload, size, count } = parseArgs(["lib", "workload", "size", "count"]);
  const zmq = loadLib(lib);
  emit({ type: "ready" });
  if (workload === "thr") emit({ type: "result", ...(await throughput(zmq, size, count)) });
  else if (workload === "lat") emit({ type: "result", ...(await latency(zmq, size, count)) });
  else throw new Error(`unknown workload: ${workload}`);
});
