"use strict";
// inproc workloads: both ends live in ONE process on one library instance
// (inproc only works within a single ZeroMQ context), so sender and receiver
// share this event loop. Measured the same way as the cross-process workers.
//   node bench/worker-inproc.js <lib> thr|batch|frame <size> <count>
//   node bench/worker-inproc.js <lib> lat <size> <count>
const { loadLib, emit, parseArgs, nowNs, closeAll, main } = require("./worker-common");
const { roundTrips } = require("./lat-loop");
const { sendAll, receiveAll } = require("./thr-loops");

async function throughput(zmq, workload, size, count) {
  const pull = new zmq.Pull();
  const push = new zmq.Push();
  const endpoint = `inproc://bench-thr-${process.pid}`;
  await pull.bind(endpoint);
  push.connect(endpoint);

  const sending = sendAll(zmq, push, workload, size, count);
  const result = await receiveAll(pull, workload, size, count, nowNs);
  await sending;
  closeAll([push, pull]);
  return result;
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
  if (workload === "thr" || workload === "batch" || workload === "frame") emit({ type: "result", ...(await throughput(zmq, workload, size, count)) });
  else if (workload === "lat") emit({ type: "result", ...(await latency(zmq, size, count)) });
  else throw new Error(`unknown workload: ${workload}`);
});
