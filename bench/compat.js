"use strict";
// `node bench/compat.js`: the callback API of zmq-napi/compat vs zeromq@6's
// zeromq/v5-compat. Each measurement runs in its own child process:
//  - throughput: push -> pull over tcp, one process, 64-byte messages sent as fast as
//    the send queue takes them (a window of sends in flight, refilled from callbacks);
//  - latency: req/rep round trips over tcp.
const { execFileSync } = require("child_process");
const path = require("path");

const MESSAGES = Number(process.env.MESSAGES) || 200000;
const ROUNDTRIPS = Number(process.env.ROUNDTRIPS) || 20000;
const WINDOW = 500;

const libraries = {
  "zmq-napi/compat": path.join(__dirname, "..", "lib", "compat.js"),
  "zeromq@6 v5-compat": "zeromq/v5-compat",
};

function child(lib, test) {
  const zmq = require(lib);
  const payload = Buffer.alloc(64, 1);
  if (test === "throughput") {
    const pull = zmq.socket("pull");
    const push = zmq.socket("push");
    pull.bindSync("tcp://127.0.0.1:*");
    push.connect(pull.last_endpoint);
    let received = 0;
    let sent = 0;
    let start;
    pull.on("message", () => {
      if (received++ === 0) start = process.hrtime.bigint();
      if (received === MESSAGES) {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        console.log(JSON.stringify({ rate: (MESSAGES - 1) / seconds }));
        push.close();
        pull.close();
      }
    });
    const more = () => {
      if (sent < MESSAGES) {
        sent++;
        push.send(payload, 0, more);
      }
    };
    for (let i = 0; i < WINDOW; i++) more();
  } else {
    const rep = zmq.socket("rep");
    const req = zmq.socket("req");
    rep.bindSync("tcp://127.0.0.1:*");
    req.connect(rep.last_endpoint);
    rep.on("message", (message) => rep.send(message));
    let count = 0;
    const start = process.hrtime.bigint();
    req.on("message", () => {
      if (++count === ROUNDTRIPS) {
        const micros = Number(process.hrtime.bigint() - start) / 1e3 / ROUNDTRIPS;
        console.log(JSON.stringify({ roundTripMicros: micros }));
        req.close();
        rep.close();
        return;
      }
      req.send(payload);
    });
    req.send(payload);
  }
}

if (process.argv[2] === "child") {
  child(process.argv[3], process.argv[4]);
} else {
  for (const [name, lib] of Object.entries(libraries)) {
    for (const test of ["throughput", "latency"]) {
      try {
        const out = execFileSync(process.execPath, [__filename, "child", lib, test], { encoding: "utf8", timeout: 120000 });
        const result = JSON.parse(out.trim().split("\n").pop());
        const shown = result.rate ? `${Math.round(result.rate).toLocaleString("en")} msg/s` : `${result.roundTripMicros.toFixed(1)} µs/round trip`;
        console.log(`${name.padEnd(20)} ${test.padEnd(10)} ${shown}`);
      } catch (error) {
        console.log(`${name.padEnd(20)} ${test.padEnd(10)} failed: ${String(error.message).split("\n")[0]}`);
      }
    }
  }
}
