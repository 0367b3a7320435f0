"use strict";
// The sending end of the "threads" workload: runs in a worker_threads Worker of
// bench/worker-inproc.js, connects a PUSH to the main thread's PULL over inproc
// and sends with the plain loop. It closes its socket only when the main thread
// says so, so queued frames are never dropped by an early close.
const { parentPort, workerData } = require("worker_threads");
const { loadLib, closeAll } = require("./worker-common");
const { sendAll } = require("./thr-loops");

const { lib, endpoint, size, count } = workerData;
const zmq = loadLib(lib);
const push = new zmq.Push();
parentPort.once("message", () => {
  closeAll([push]);
  parentPort.close();
});
push.connect(endpoint);
sendAll(zmq, push, "thr", size, count).catch((err) => {
  if (!push.closed) throw err;
});
