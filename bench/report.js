"use strict";
// Turning raw runs into medians, plain-text tables and the JSON file.

const fs = require("fs");
const path = require("path");

const COLUMNS = [
  { key: "zmq-napi", title: "zmq-napi" },
  { key: "zeromq", title: "zeromq@6" },
  { key: "libzmq", title: "libzmq C" },
];

function median(values) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// Median of each metric over the successful runs of one cell. Metrics are
// taken independently; they are proportional within a cell (MB/s = msg/s *
// size, round trip = 2 * latency), so this is the same run's numbers.
function summarize(runs) {
  const ok = runs.filter((r) => r.ok);
  const out = { runs: runs.length, failed: runs.length - ok.length };
  for (const k of ["msgPerSec", "mbPerSec", "latencyUs", "rttUs"]) {
    const m = median(ok.map((r) => r[k]).filter((v) => typeof v === "number"));
    if (m !== null) out[k] = m;
  }
  if (!ok.length && runs.length) {
    out.error = runs.some((r) => r.error === "timeout") ? "timeout" : "error";
  }
  return out;
}

const sizeLabel = (n) => (n >= 1024 ? `${n / 1024} KiB` : `${n} B`);
const int = (v) => Math.round(v).toLocaleString("en-US");
const fixed = (d) => (v) => v.toFixed(d);

// The libraries that run a workload themselves; the others show their plain loop
// (their "thr" cell of the same size). The batch and frame workloads are zmq-napi's
// own API; libzmq's inproc_thr already sends from a second thread; the Node.js senders
// already write each message (send() copies the buffer into it), remote_thr does not.
const MEASURED_BY = {
  batch: ["zmq-napi"],
  frame: ["zmq-napi"],
  threads: ["zmq-napi", "zeromq"],
  writing: ["libzmq"],
};
const measures = (lib, workload) => !MEASURED_BY[workload] || MEASURED_BY[workload].includes(lib);
const cellKey = (lib, row) => `${measures(lib, row.workload) ? row.workload : "thr"}:${row.size}`;

// Display rows derived from one measured row (workload + size).
function displayRows(row) {
  const s = sizeLabel(row.size);
  if (row.workload === "thr") {
    const rows = [{ label: `PUSH/PULL ${s} [msg/s]`, metric: "msgPerSec", fmt: int }];
    if (row.size >= 65536) rows.push({ label: `PUSH/PULL ${s} [MB/s]`, metric: "mbPerSec", fmt: fixed(1) });
    return rows;
  }
  if (row.workload === "batch") return [{ label: `sendMany/receiveMany ${s} [msg/s] (b)`, metric: "msgPerSec", fmt: int }];
  if (row.workload === "frame") return [{ label: `PUSH/PULL ${s}, allocateFrame [msg/s] (f)`, metric: "msgPerSec", fmt: int }];
  if (row.workload === "threads") return [{ label: `PUSH/PULL ${s}, two threads [msg/s] (t)`, metric: "msgPerSec", fmt: int }];
  if (row.workload === "writing") return [{ label: `PUSH/PULL ${s}, sender writes data [msg/s] (w)`, metric: "msgPerSec", fmt: int }];
  return [
    { label: `REQ/REP ${s} one-way latency [us] (=RTT/2, lower better)`, metric: "latencyUs", fmt: fixed(2) },
    { label: `REQ/REP ${s} round trip [us] (lower better)`, metric: "rttUs", fmt: fixed(2) },
  ];
}

function ratio(a, b) {
  return typeof a === "number" && typeof b === "number" && b > 0 ? `${(a / b).toFixed(2)}x` : "-";
}

// status[lib] is { available, short } — short is what a cell says when the
// library could not be measured at all ("not built", "n/a").
function cellText(summary, metric, fmt, status) {
  if (!status.available) return status.short;
  if (!summary) return "n/a";
  if (typeof summary[metric] !== "number") return summary.error || "n/a";
  // A star marks a median over fewer runs than asked because some failed.
  return fmt(summary[metric]) + (summary.failed ? "*" : "");
}

function renderTable(title, rows, summaries, status) {
  const header = ["", ...COLUMNS.map((c) => c.title), "ours/zeromq@6", "ours/libzmq"];
  const body = [];
  for (const row of rows) {
    for (const d of displayRows(row)) {
      const sum = (lib) => summaries[lib] && summaries[lib][cellKey(lib, row)];
      const val = (lib) => (status[lib].available && sum(lib) ? sum(lib)[d.metric] : undefined);
      body.push([
        d.label,
        ...COLUMNS.map((c) => cellText(sum(c.key), d.metric, d.fmt, status[c.key])),
        ratio(val("zmq-napi"), val("zeromq")),
        ratio(val("zmq-napi"), val("libzmq")),
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const rule = "-".repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [title, rule, line(header), rule, ...body.map(line), rule].join("\n");
}

// What the marked rows measure, in the order the rows appear.
const WORKLOAD_NOTES = {
  writing:
    "(w) libzmq C: local_thr against writing_sender, which fills each message before sending it as the Node.js senders do (remote_thr never writes its messages); zmq-napi and zeromq@6 show their PUSH/PULL row",
  batch:
    "(b) zmq-napi's batch API (256 messages per sendMany, up to 1024 per receiveMany); zeromq@6 and libzmq C show their PUSH/PULL row",
  frame:
    "(f) zmq-napi's allocateFrame(): a new frame per message, handed to libzmq without copying; zeromq@6 and libzmq C show their PUSH/PULL row",
  threads:
    "(t) the sender in a worker thread, the receiver on the main thread, as libzmq's inproc_thr runs; libzmq C shows that PUSH/PULL row",
};

function footnotes(status, anyFailed, rows) {
  const notes = [];
  for (const [workload, note] of Object.entries(WORKLOAD_NOTES)) {
    if (rows.some((r) => r.workload === workload)) notes.push(note);
  }
  for (const c of COLUMNS) if (!status[c.key].available) notes.push(`${c.title}: ${status[c.key].note}`);
  if (anyFailed) notes.push("* median of the successful runs only; some runs failed (see bench/results/latest.json)");
  notes.push("ratios = ours / theirs: > 1 is better for msg/s and MB/s, < 1 is better for latency rows");
  return notes.join("\n");
}

function writeJson(data) {
  const dir = path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "latest.json");
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  return path.relative(process.cwd(), file) || file;
}

module.exports = { summarize, renderTable, footnotes, writeJson, sizeLabel, int, measures };
