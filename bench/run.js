"use strict";
// `npm run bench`: zmq-napi vs zeromq@6 vs libzmq's C perf programs.
// Every measurement runs in child processes (see cells.js); this file only
// plans the runs, prints tables and writes bench/results/latest.json.

const os = require("os");
const path = require("path");
const config = require("./config");
const { Child } = require("./child");
const { nodeCell, libzmqCell } = require("./cells");
const libzmq = require("./libzmq");
const report = require("./report");
const { libzmqPerfPrograms } = require("../scripts/lib/paths");

const log = (s) => process.stderr.write(s + "\n");

// Load each Node.js library in a throwaway process; a missing or broken
// build must show up as a note in the table, not crash the bench.
async function probeNodeLib(lib) {
  const c = new Child(process.execPath, [path.join(__dirname, "worker-probe.js"), lib]);
  const msg = await c.waitMessage("result", Date.now() + 30000);
  await c.stop(1000);
  if (msg) return { available: true, packageVersion: msg.packageVersion, libzmqVersion: msg.libzmqVersion };
  // For ours, any load failure almost always means lib/ or the addon is not
  // built yet; still show the reason unless it is the plain "no lib/" case.
  const why = c.describeFailure();
  const detail = c.errorLine();
  if (lib === "zmq-napi") {
    const plain = /Cannot find module/.test(c.stderr) && !/\.node\b/.test(c.stderr);
    const note = `not built (run npm install)${plain ? "" : ` [${why}]`}`;
    return { available: false, short: "not built", note, detail };
  }
  return { available: false, short: "load failed", note: `failed to load: ${why}`, detail };
}

function probeLibzmq() {
  const dir = libzmq.perfDir();
  const found = libzmqPerfPrograms.filter((p) => libzmq.program(dir, p));
  if (!found.length) return { available: false, short: "n/a", note: "n/a (perf programs not built)" };
  return { available: true, programs: found, dir: path.relative(process.cwd(), dir) || "." };
}

function describe(r) {
  if (!r) return "n/a (program missing)";
  if (!r.ok) return r.error;
  if (typeof r.msgPerSec === "number") return `${report.int(r.msgPerSec)} msg/s`;
  return `${r.latencyUs.toFixed(2)} us one-way, ${r.rttUs.toFixed(2)} us RTT`;
}

async function main() {
  const started = Date.now();
  const cfg = config.load();
  const status = {};
  for (const lib of config.LIBS) {
    if (!cfg.libs.includes(lib)) status[lib] = { available: false, short: "skipped", note: "skipped (BENCH_LIBS)" };
    else status[lib] = lib === "libzmq" ? probeLibzmq() : await probeNodeLib(lib);
    log(`${lib}: ${status[lib].available ? "ok" : status[lib].note}`);
  }
  log(`repeat=${cfg.repeat} quick=${cfg.quick} transports=${cfg.transports.join(",")} timeout=${cfg.timeoutMs / 1000}s`);

  const results = []; // one entry per (transport, row, lib)
  const tables = [];
  for (const transport of cfg.transports) {
    const summaries = {};
    const rows = cfg.rows.filter((row) => row.transports.includes(transport));
    for (const row of rows) {
      const key = `${row.workload}:${row.size}`;
      const entries = {};
      for (const lib of config.LIBS) {
        entries[lib] = { transport, workload: row.workload, size: row.size, count: row.count, lib, runs: [] };
      }
      // Libraries are interleaved within each repeat so slow drift from a
      // noisy machine hits all columns alike instead of one library's block.
      const done = new Set();
      for (let rep = 1; rep <= cfg.repeat; rep++) {
        for (const lib of config.LIBS) {
          if (!status[lib].available || done.has(lib) || !report.measures(lib, row.workload)) continue;
          const r =
            lib === "libzmq"
              ? await libzmqCell(libzmq.perfDir(), transport, row.workload, row.size, row.count, cfg.timeoutMs)
              : await nodeCell(lib, transport, row.workload, row.size, row.count, cfg.timeoutMs);
          log(`[${transport} ${row.workload} ${report.sizeLabel(row.size)} x${row.count}] ${lib} #${rep}: ${describe(r)}`);
          if (r === null) {
            done.add(lib); // program not built: no point repeating
            continue;
          }
          entries[lib].runs.push(r);
          // A timeout usually means a hang; repeating would only burn another
          // full timeout (and blow BENCH_QUICK's one-minute budget).
          if (!r.ok && r.error === "timeout") done.add(lib);
        }
      }
      for (const lib of config.LIBS) {
        const e = entries[lib];
        if (!e.runs.length) continue;
        e.median = report.summarize(e.runs);
        (summaries[lib] = summaries[lib] || {})[key] = e.median;
        results.push(e);
      }
    }
    const title = transport === "tcp" ? "tcp (127.0.0.1)" : transport === "ipc" ? "ipc (unix socket)" : "inproc (one process)";
    const table = report.renderTable(title, rows, summaries, status);
    tables.push(table);
    process.stdout.write("\n" + table + "\n");
  }

  const anyFailed = results.some((e) => e.median.failed > 0 && e.median.failed < e.median.runs);
  const shownRows = cfg.rows.filter((row) => row.transports.some((t) => cfg.transports.includes(t)));
  process.stdout.write("\n" + report.footnotes(status, anyFailed, shownRows) + "\n");
  const file = report.writeJson({
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: (os.cpus()[0] || {}).model,
    loadavg: os.loadavg(),
    config: cfg,
    libraries: status,
    results,
    tables,
  });
  log(`\nraw results: ${file}  (total ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
