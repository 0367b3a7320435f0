"use strict";
// Shared helpers for the bench worker processes (bench/worker-*.js).
// Workers talk to bench/run.js through JSON lines on stdout and are told to
// shut down by the parent closing their stdin. Closing stdin (rather than a
// signal) also covers the case where the parent dies: the pipe hits EOF and
// the worker still cleans up and exits.

const path = require("path");

// The benchmark is one zeromq@6-style program; only the module differs.
function loadLib(name) {
  if (name === "zeromq") return require("zeromq");
  // Ours is loaded from the repo root (package "main"), exactly as a user
  // would get it after `npm install`.
  if (name === "zmq-napi") return require(path.join(__dirname, ".."));
  throw new Error(`unknown library: ${name}`);
}

function libPackageVersion(name) {
  const pkg =
    name === "zeromq"
      ? require("zeromq/package.json")
      : require(path.join(__dirname, "..", "package.json"));
  return pkg.version;
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

// Argument parsing is positional on purpose: it mirrors libzmq's perf programs
// (`local_thr <bind-to> <message-size> <message-count>`).
function parseArgs(names) {
  const argv = process.argv.slice(2);
  if (argv.length !== names.length) {
    process.stderr.write(`usage: ${path.basename(process.argv[1])} ${names.map((n) => `<${n}>`).join(" ")}\n`);
    process.exit(2);
  }
  const out = {};
  names.forEach((n, i) => {
    const v = argv[i];
    out[n] = /^\d+$/.test(v) ? Number(v) : v;
  });
  return out;
}

// Resolves when the parent closes our stdin (its "you can stop now" signal).
function waitForStop() {
  return new Promise((resolve) => {
    process.stdin.on("end", resolve);
    process.stdin.on("close", resolve);
    process.stdin.on("error", resolve);
    process.stdin.resume();
  });
}

function nowNs() {
  return process.hrtime.bigint();
}

function closeAll(socks) {
  for (const s of socks) {
    try {
      // linger 0: by the time we close, the measuring side already has what
      // it needs, so pending frames must not delay exit.
      s.linger = 0;
      s.close();
    } catch (_) {
      // Already closed, or the library throws on close; exiting anyway.
    }
  }
}

// Run a worker body with uniform error reporting and a guaranteed exit even
// if a library keeps the event loop alive after close (the parent also has a
// hard timeout, this just keeps the normal path fast).
function main(body) {
  body().then(
    () => {
      process.stdin.destroy();
      setTimeout(() => process.exit(0), 2000).unref();
    },
    (err) => {
      process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
      process.exit(1);
    },
  );
}

module.exports = { loadLib, libPackageVersion, emit, parseArgs, waitForStop, nowNs, closeAll, main };
