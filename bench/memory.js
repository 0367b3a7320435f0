"use strict";
// Memory benchmark (`npm run bench:memory`): resident set size while 5 million
// messages pass through one PUSH/PULL pair, and across 100k socket create/close
// cycles. RSS is sampled after a warm-up, so the figures show growth, not start-up.
// Set BENCH_MEMORY_MESSAGES / BENCH_MEMORY_CYCLES to change the counts.
const path = require("node:path");
const zmq = require(path.join(__dirname, ".."));

const MB = 1024 * 1024;
const messages = Number(process.env.BENCH_MEMORY_MESSAGES || 5_000_000);
const cycles = Number(process.env.BENCH_MEMORY_CYCLES || 100_000);

function rss() {
  global.gc?.();
  return process.memoryUsage().rss;
}

async function messagesRun(transport) {
  const pull = new zmq.Pull();
  const push = new zmq.Push();
  await pull.bind(transport === "tcp" ? "tcp://127.0.0.1:*" : "inproc://memory");
  push.connect(pull.lastEndpoint);
  const payload = Buffer.alloc(16, 1);
  const warmup = Math.min(500_000, Math.floor(messages / 10));
  const receiving = (async () => {
    let count = 0;
    for await (const [message] of pull) {
      if (message.length !== 16) throw new Error("bad message");
      if (++count === messages) break;
    }
  })();
  const track = tracker(warmup, messages);
  for (let i = 1; i <= messages; i++) {
    await push.send(payload);
    if (i === warmup || (i > warmup && i % 500_000 === 0)) track.sample(i);
  }
  await receiving;
  track.sample(messages);
  push.close();
  pull.close();
  return track.result();
}

// RSS after the warm-up, its peak, and its peak over the second half of the run: a
// leak keeps growing there, while memory the allocator keeps for reuse stops.
function tracker(warmup, total) {
  const half = warmup + (total - warmup) / 2;
  let baseline = 0;
  let peak = 0;
  let atHalf = 0;
  let secondHalfPeak = 0;
  return {
    sample(i) {
      const now = rss();
      if (i === warmup) baseline = now;
      peak = Math.max(peak, now);
      if (i <= half) atHalf = now;
      else secondHalfPeak = Math.max(secondHalfPeak, now);
    },
    result() {
      return {baseline, peak, secondHalf: Math.max(0, secondHalfPeak - atHalf)};
    },
  };
}

// Each cycle connects to a bound peer: a connect to an inproc endpoint nobody bound is
// kept pending by libzmq (with its socket) until the endpoint appears. The peer keeps a
// receive pending, as a server does: a socket processes libzmq's bookkeeping (here, its
// half of each closing connection) only while an operation of its waits.
async function cyclesRun() {
  const peer = new zmq.Router();
  peer.bindSync("inproc://memory-cycles");
  peer.receive().catch(() => undefined);
  const warmup = Math.min(10_000, Math.floor(cycles / 10));
  const track = tracker(warmup, cycles);
  for (let i = 1; i <= cycles; i++) {
    const dealer = new zmq.Dealer();
    dealer.connect("inproc://memory-cycles");
    dealer.close();
    // Let the peer's readiness be served now and then, as any real program does.
    if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (i === warmup || (i > warmup && i % 10_000 === 0)) track.sample(i);
  }
  peer.close();
  return track.result();
}

function line(label, {baseline, peak, secondHalf}) {
  const growth = (peak - baseline) / MB;
  console.log(
    `${label.padEnd(44)} after warm-up ${(baseline / MB).toFixed(1).padStart(7)} MB, ` +
      `peak ${(peak / MB).toFixed(1).padStart(7)} MB, growth ${growth.toFixed(1).padStart(6)} MB` +
      ` (in the second half ${(secondHalf / MB).toFixed(1)} MB)` +
      `  (${growth < 20 ? "flat: < 20 MB" : "GROWS: >= 20 MB"})`,
  );
}

(async () => {
  console.log(`zmq-napi ${require(path.join(__dirname, "..", "package.json")).version}, libzmq ${zmq.version}`);
  line(`${messages.toLocaleString("en")} x 16 B over inproc`, await messagesRun("inproc"));
  line(`${messages.toLocaleString("en")} x 16 B over tcp`, await messagesRun("tcp"));
  line(`${cycles.toLocaleString("en")} socket create/connect/close cycles`, await cyclesRun());
})();
