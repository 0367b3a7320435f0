"use strict";
// Throughput receiver (the measuring side), like libzmq's local_thr: binds
// PULL, receives <count> messages and reports msg/s measured from the first to
// the last message received, the same formula as local_thr, so the columns
// are directly comparable.
const { loadLib, emit, parseArgs, nowNs, closeAll, main } = require("./worker-common");
const { receiveAll } = require("./thr-loops");

main(async () => {
  const { lib, workload, endpoint, size, count } = parseArgs(["lib", "workload", "endpoint", "size", "count"]);
  const zmq = loadLib(lib);
  const pull = new zmq.Pull();
  await pull.bind(endpoint);
  emit({ type: "ready" });

  const result = await receiveAll(pull, workload, size, count, nowNs);
  closeAll([pull]);
  emit({ type: "result", ...result });
});
