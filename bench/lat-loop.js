"use strict";
// The REQ side of the latency workload, shared by the tcp/ipc worker and the
// inproc worker so both measure exactly the same loop.

// Warm-up round trips are not timed. Unlike the C remote_lat, a JS binding
// pays for JIT compilation and connection setup on the first calls; we want
// the steady state. Kept small so it does not dominate short quick runs.
function warmupCount(count) {
  return Math.min(1000, Math.max(10, Math.floor(count / 10)));
}

async function roundTrips(req, size, count, nowNs) {
  const buf = Buffer.alloc(size, 0x61);
  const warmup = warmupCount(count);
  for (let i = 0; i < warmup; i++) {
    await req.send(buf);
    await req.receive();
  }
  const start = nowNs();
  for (let i = 0; i < count; i++) {
    await req.send(buf);
    const [reply] = await req.receive();
    if (reply.length !== size) throw new Error(`expected ${size} B reply, got ${reply.length} B`);
  }
  const elapsedUs = Number(nowNs() - start) / 1e3;
  const rttUs = elapsedUs / count;
  // libzmq convention: "average latency" = one-way = round trip / 2.
  return { rttUs, latencyUs: rttUs / 2, elapsedMs: elapsedUs / 1e3, count, size, warmup };
}

module.exports = { roundTrips };
