"use strict";
// Throughput sender, like libzmq's remote_thr: connects PUSH and sends
// <count> messages of <size> bytes (see thr-loops.js for the loop each
// <workload> runs). It then stays alive until the parent closes stdin, so
// queued frames are never dropped by an early exit regardless of the
// library's linger default.
const { loadLib, emit, parseArgs, waitForStop, closeAll, main } = require("./worker-common");
const { sendAll } = require("./thr-loops");

main(async () => {
  const { lib, workload, endpoint, size, count } = parseArgs(["lib", "workload", "endpoint", "size", "count"]);
  const zmq = loadLib(lib);
  const stopped = waitForStop();
  const push = new zmq.Push();
  push.connect(endpoint);
  emit({ type: "ready" });

  await sendAll(zmq, push, workload, size, count);
  emit({ type: "sent", count });

  await stopped;
  closeAll([push]);
});
