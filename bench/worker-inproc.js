"use strict";
// inproc workloads: both ends live in ONE process on one library instance
// (inproc only works within a single ZeroMQ context), so sender and receiver
// share this event loop. Measured the same way as the cross-process workers.
// The "threads" workload moves the sender into a worker thread (thread-push.js),
// the shape of libzmq's inproc_thr, which also sends from a second thread.
//   node bench/worker-inproc.js <lib> thr|batch|frame|threads <size> <count>
//   node bench/worker-inproc.js <lib> lat <size> <count>
const path = require("path");
const { Worker } = require("worker_threads");
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

async function acrossThreads(zmq, lib, size, count) {
  const pull = new zmq.Pull();
  const endpoint = `inproc://bench-threads-${process.pid}`;
  await pull.bind(endpoint);
  const sender = new Worker(path.join(__dirname, "thread-push.js"), { workerData: { lib, endpoint, size, count } });
  const senderFailed = new Promise((_, reject) => sender.once("error", reject));
  const result = await Promise.race([receiveAll(pull, "thr", size, count, nowNs), senderFailed]);
  sender.postMessage("stop");
  await new Promise((resolve) => sender.once("exit", resolve));
  closeAll([pull]);
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
  else if (workload === "threads") emit({ type: "result", ...(await acrossThreads(zmq, lib, size, count)) });
  else if (workload === "lat") emit({ type: "result", ...(await latency(zmq, size, count)) });
  else throw new Error(`unknown workload: ${workload}`);
});
