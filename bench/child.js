"use strict";
// Parent-side process handling: spawn a worker (or a libzmq perf program),
// collect its stdout lines, and enforce a deadline so a hung library can
// never hang the whole bench.

const { spawn } = require("child_process");
const net = require("net");
const fs = require("fs");

class Child {
  constructor(cmd, args) {
    this.cmd = cmd;
    this.lines = [];
    this.stderr = "";
    this.waiters = [];
    this.exited = false;
    // stdin is a pipe so we can signal "stop" by closing it.
    this.proc = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let buf = "";
    this.proc.stdout.setEncoding("utf8");
    this.proc.stdout.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        this.lines.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        this.notify();
      }
    });
    this.proc.stderr.setEncoding("utf8");
    this.proc.stderr.on("data", (d) => {
      // Keep only the tail: enough to explain a failure, bounded in size.
      this.stderr = (this.stderr + d).slice(-4000);
    });
    // A worker that already exited makes writes to its stdin fail; that is
    // expected and not an error for the bench.
    this.proc.stdin.on("error", () => {});
    this.exitPromise = new Promise((resolve) => {
      const done = (code, signal) => {
        if (this.exited) return;
        if (buf) this.lines.push(buf);
        this.exited = true;
        this.code = code;
        this.signal = signal;
        this.notify();
        resolve();
      };
      this.proc.on("exit", done);
      this.proc.on("error", (err) => {
        this.stderr += String(err);
        done(null, null);
      });
    });
  }

  notify() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  // Parsed JSON messages from a node worker (non-JSON lines are ignored).
  messages() {
    const out = [];
    for (const l of this.lines) {
      try {
        out.push(JSON.parse(l));
      } catch (_) {
        // perf programs print plain text; callers read .lines instead.
      }
    }
    return out;
  }

  // Wait until pred() holds, the process exits, or the deadline passes.
  async until(pred, deadline) {
    while (!pred()) {
      if (this.exited) return pred();
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return true;
  }

  waitMessage(type, deadline) {
    const find = () => this.messages().find((m) => m.type === type);
    return this.until(() => find() !== undefined, deadline).then(() => find());
  }

  waitExit(deadline) {
    return this.until(() => this.exited, deadline);
  }

  // Ask politely (close stdin), then SIGKILL our own child if it overstays.
  async stop(graceMs) {
    this.proc.stdin.end();
    if (!(await this.waitExit(Date.now() + graceMs))) this.kill();
    await this.exitPromise;
  }

  kill() {
    if (!this.exited) this.proc.kill("SIGKILL");
    // A grandchild (e.g. a libtool wrapper's real binary) can hold our pipes
    // open after the kill and keep this process alive; drop our ends.
    for (const s of [this.proc.stdin, this.proc.stdout, this.proc.stderr]) s.destroy();
  }

  // One line for the progress log: the error message, not the stack trace.
  errorLine() {
    const lines = this.stderr.split("\n").map((l) => l.trim()).filter(Boolean);
    return lines.find((l) => /\b\w*Error\b|error/.test(l) && !l.startsWith("at ")) || lines[lines.length - 1] || "";
  }

  describeFailure() {
    const why = this.errorLine();
    if (this.exited && this.code !== 0) {
      return `exit ${this.code === null ? this.signal : this.code}${why ? ": " + why : ""}`;
    }
    return why || "no result";
  }
}

// Ask the OS for a free tcp port. There is a small window before the worker
// binds it, acceptable for a local benchmark.
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// libzmq's local_* programs print nothing when ready, yet remote_lat times
// from its first send, so starting it before the bind would add a reconnect
// interval (100 ms) to the measurement. Poll until the endpoint exists.
async function waitEndpoint(endpoint, deadline) {
  while (Date.now() < deadline) {
    if (endpoint.startsWith("ipc://")) {
      if (fs.existsSync(endpoint.slice("ipc://".length))) return true;
    } else if (endpoint.startsWith("tcp://")) {
      const [host, port] = endpoint.slice("tcp://".length).split(":");
      const ok = await new Promise((resolve) => {
        const s = net.connect(Number(port), host);
        s.on("connect", () => {
          s.destroy();
          resolve(true);
        });
        s.on("error", () => resolve(false));
      });
      if (ok) return true;
    } else {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

module.exports = { Child, freePort, waitEndpoint };
