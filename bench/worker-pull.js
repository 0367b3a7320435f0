"use strict";
// Throughput receiver (the measuring side), like libzmq's local_thr:
// binds PULL, receives <count> messages and reports msg/s measured from the
// first to the last message received.
const { loadLib, emit, parseArgs, nowNs, closeAll, main } = require("./worker-common");

main(async () => {
  const { lib, endpoint, size, count } = parseArgs(["lib", "endpoint", "size", "count"]);
  const zmq = loadLib(lib);
  const pull = new zmq.Pull();
  await pull.bind(endpoint);
  emit({ type: "ready" });

  let received = 0;
  let first = 0n;
  let last = 0n;
  for await (const [msg] of pull) {
    if (received === 0) {
      first = nowNs();
      if (msg.length !== size) throw new Error(`expected ${size} B, got ${msg.length} B`);
    }
    received++;
    if (received === count) {
      last = nowNs();
      break;
    }
  }
  closeAll([pull]);

  // Same formula as libzmq's local_thr (count / time from first to last
  // message) so the three columns are directly comparable.
  const elapsedUs = Math.max(1, Number(last - first) / 1e3);
  const msgPerSec = (count / elapsedUs) * 1e6;
  emit({ type: "result", msgPerSec, mbPerSec: (msgPerSec * size) / 1e6, elapsedMs: elapsedUs / 1e3, count, size });
});
