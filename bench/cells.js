"use strict";
// Runs ONE measurement (one library, transport, workload, size) and returns
// { ok: true, ...numbers } or { ok: false, error }. Every process involved
// gets the same deadline; on expiry the cell reports "timeout".

const os = require("os");
const fs = require("fs");
const path = require("path");
const { Child, freePort, waitEndpoint } = require("./child");
const libzmq = require("./libzmq");

const NODE = process.execPath;
const worker = (name) => path.join(__dirname, name);
let ipcSeq = 0;

async function makeEndpoint(transport) {
  if (transport === "tcp") return `tcp://127.0.0.1:${await freePort()}`;
  if (transport === "ipc") {
    // Unique per cell so a crashed run never collides with a later one.
    const file = path.join(os.tmpdir(), `zmq-napi-bench-${process.pid}-${++ipcSeq}.sock`);
    return `ipc://${file}`;
  }
  throw new Error(`no endpoint for ${transport}`);
}

function removeIpcFile(endpoint) {
  if (endpoint.startsWith("ipc://")) fs.rmSync(endpoint.slice("ipc://".length), { force: true });
}

function failure(children, deadline) {
  const crashed = children.find((c) => c && c.exited && c.code !== 0);
  if (crashed) return { ok: false, error: `error (${crashed.describeFailure()})` };
  if (Date.now() >= deadline) return { ok: false, error: "timeout" };
  const quiet = children.find((c) => c && c.exited);
  return { ok: false, error: `error (${quiet ? quiet.describeFailure() : "no result"})` };
}

// A binder ("server") and a connector ("client") in separate processes.
// `measurer` says which of the two prints the result; `parse(child)` extracts
// it. Node workers announce readiness; libzmq perf programs do not, so for
// those we poll the endpoint instead.
async function runPair({ server, client, endpoint, readyBy, measurer, parse, timeoutMs, stopGraceMs = 3000 }) {
  const deadline = Date.now() + timeoutMs;
  const srv = new Child(server.cmd, server.args);
  let cli = null;
  try {
    const ready =
      readyBy === "message"
        ? await srv.waitMessage("ready", deadline)
        : await waitEndpoint(endpoint, deadline);
    if (!ready) return failure([srv], deadline);
    cli = new Child(client.cmd, client.args);
    const m = measurer === "server" ? srv : cli;
    const other = measurer === "server" ? cli : srv;
    // Stop early if the non-measuring side crashes: no result can come.
    await m.until(() => parse(m) !== null || (other.exited && other.code !== 0), deadline);
    const res = parse(m);
    return res ? { ok: true, ...res } : failure([m, other], deadline);
  } finally {
    await Promise.all([srv.stop(stopGraceMs), cli && cli.stop(stopGraceMs)]);
    removeIpcFile(endpoint);
  }
}

async function runSingle({ cmd, args, parse, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  const c = new Child(cmd, args);
  try {
    await c.until(() => parse(c) !== null, deadline);
    const res = parse(c);
    return res ? { ok: true, ...res } : failure([c], deadline);
  } finally {
    await c.stop(3000);
  }
}

function nodeResult(child) {
  const m = child.messages().find((x) => x.type === "result");
  if (!m) return null;
  const { type, ...rest } = m;
  return rest;
}

// One cell for a Node.js library (zmq-napi or zeromq).
async function nodeCell(lib, transport, workload, size, count, timeoutMs) {
  if (transport === "inproc") {
    const args = [worker("worker-inproc.js"), lib, workload, String(size), String(count)];
    return runSingle({ cmd: NODE, args, parse: nodeResult, timeoutMs });
  }
  const endpoint = await makeEndpoint(transport);
  const thr = workload !== "lat";
  const n = [String(size), String(count)];
  return runPair({
    server: {
      cmd: NODE,
      args: thr ? [worker("worker-pull.js"), lib, workload, endpoint, ...n] : [worker("worker-rep.js"), lib, endpoint],
    },
    client: {
      cmd: NODE,
      args: thr ? [worker("worker-push.js"), lib, workload, endpoint, ...n] : [worker("worker-req.js"), lib, endpoint, ...n],
    },
    endpoint,
    readyBy: "message",
    measurer: thr ? "server" : "client",
    parse: nodeResult,
    timeoutMs,
  });
}

// One cell for libzmq's own C perf programs. Returns null when the needed
// program is not built, so the table can say "n/a".
async function libzmqCell(perfDir, transport, workload, size, count, timeoutMs) {
  const thr = workload === "thr" || workload === "writing";
  const parse = (c) => (thr ? libzmq.parseThroughput(c.lines, size) : libzmq.parseLatency(c.lines));
  if (transport === "inproc") {
    const cmd = libzmq.program(perfDir, thr ? "inproc_thr" : "inproc_lat");
    if (!cmd) return null;
    return runSingle({ cmd, args: [String(size), String(count)], parse, timeoutMs });
  }
  const local = libzmq.program(perfDir, thr ? "local_thr" : "local_lat");
  const sender = workload === "writing" ? "writing_sender" : "remote_thr";
  const remote = libzmq.program(perfDir, thr ? sender : "remote_lat");
  if (!local || !remote) return null;
  const endpoint = await makeEndpoint(transport);
  // The perf programs close and exit as soon as their loop is done, and over
  // ipc libzmq 4.3.x can drop the last in-flight messages on close despite
  // linger (libzmq issue #4660): local_thr then waits forever. The libzmq that
  // zmq-napi builds has it fixed (scripts/lib/libzmq-hangup-drain.js), but
  // BENCH_LIBZMQ_PERF may point at programs built from another. So, like our
  // Node.js workers, the side that does not measure is kept alive past the
  // measurement and killed afterwards: remote_thr is told to send more than
  // local_thr counts (two default HWMs plus 8 MiB of socket buffers; once the
  // receiver is gone it just blocks), and local_lat expects one extra round
  // trip. The measured numbers are unaffected.
  const extraThr = 2000 + Math.ceil((8 * 1024 * 1024) / size);
  const localCount = thr ? count : count + 1;
  const remoteCount = thr ? count + extraThr : count;
  return runPair({
    server: { cmd: local, args: [endpoint, String(size), String(localCount)] },
    client: { cmd: remote, args: [endpoint, String(size), String(remoteCount)] },
    endpoint,
    readyBy: "endpoint",
    measurer: thr ? "server" : "client",
    parse,
    timeoutMs,
    // They do not read stdin, so there is no polite stop; kill right away.
    stopGraceMs: 0,
  });
}

module.exports = { nodeCell, libzmqCell };
