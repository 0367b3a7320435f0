"use strict";
// Throughput sender, like libzmq's remote_thr: connects PUSH and sends
// <count> messages of <size> bytes with `await push.send(buf)`. It then stays
// alive until the parent closes stdin, so queued frames are never dropped by
// an early exit regardless of the library's linger default.
const { loadLib, emit, parseArgs, waitForStop, closeAll, main } = require("./worker-common");

main(async () => {
  const { lib, endpoint, size, count } = parseArgs(["lib", "endpoint", "size", "count"]);
  const zmq = loadLib(lib);
  const stopped = waitForStop();
  const push = new zmq.Push();
  push.connect(endpoint);
  emit({ type: "ready" });

  // One buffer reused for every send, as remote_thr does: we measure the
  // binding, not Buffer allocation.
  const buf = Buffer.alloc(size, 0x61);
  for (let i = 0; i < count; i++) {
    await push.send(buf);
  }
  emit({ type: "sent", count });

  await stopped;
  closeAll([push]);
});
