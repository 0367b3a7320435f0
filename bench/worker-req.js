"use strict";
// Latency client (the measuring side), like libzmq's remote_lat: connects REQ
// and times <count> request/reply round trips of <size> bytes.
const { loadLib, emit, parseArgs, nowNs, closeAll, main } = require("./worker-common");
const { roundTrips } = require("./lat-loop");

main(async () => {
  const { lib, endpoint, size, count } = parseArgs(["lib", "endpoint", "size", "count"]);
  const zmq = loadLib(lib);
  const req = new zmq.Request();
  req.connect(endpoint);
  const result = await roundTrips(req, size, count, nowNs);
  closeAll([req]);
  emit({ type: "result", ...result });
});
