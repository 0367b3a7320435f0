"use strict";
// Latency echo server, like libzmq's local_lat: binds REP and echoes every
// request until the parent closes stdin.
const { loadLib, emit, parseArgs, waitForStop, closeAll, main } = require("./worker-common");

main(async () => {
  const { lib, endpoint } = parseArgs(["lib", "endpoint"]);
  const zmq = loadLib(lib);
  const rep = new zmq.Reply();
  await rep.bind(endpoint);
  emit({ type: "ready" });

  // Closing the socket ends the for-await loop (receive rejects with EAGAIN
  // on a closed socket, which the iterator turns into `done`).
  waitForStop().then(() => closeAll([rep]));
  try {
    for await (const [msg] of rep) {
      await rep.send(msg);
    }
  } catch (err) {
    if (!rep.closed) throw err;
  }
});
