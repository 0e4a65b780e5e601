// Runs one connector bin as the runner would, in between the runner and the real process:
// - scans every stdout and stderr line for the secrets in CHAOS_SECRETS (never passed on to the connector) and
//   appends a summary (lines, bytes, hits) to the log file; stderr and non-RECORD stdout lines are logged whole;
// - optionally SIGKILLs the connector at a chosen point in its protocol output (after n stdout lines, n RECORD
//   messages or n STATE messages), then itself, so the runner sees a process killed by SIGKILL.
// argv: <spec JSON> <bin> <connector args...>; spec = { log, label, kill?: { after, n, forward } }.
import { spawn } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";

const [specText = "{}", bin = "", ...args] = process.argv.slice(2);
const spec = JSON.parse(specText);
const secrets = JSON.parse(process.env.CHAOS_SECRETS ?? "[]");
const env = { ...process.env };
delete env.CHAOS_SECRETS;

const log = openSync(spec.log, "a");
const note = (entry) => writeSync(log, `${JSON.stringify({ label: spec.label, ...entry })}\n`);
const counts = { stdout: 0, stderr: 0, bytes: 0, records: 0, states: 0 };
const hits = [];
let ended = false;

const child = spawn(process.execPath, [bin, ...args], { stdio: ["inherit", "pipe", "pipe"], env });

function scan(stream, line) {
  counts[stream] += 1;
  counts.bytes += line.length;
  for (const secret of secrets) {
    if (line.includes(secret)) hits.push({ stream, line: line.split(secret).join("<SECRET>").slice(0, 500) });
  }
  if (stream === "stderr" || !line.startsWith('{"type":"RECORD"')) note({ [stream]: line.slice(0, 2000) });
}

function summary(extra) {
  if (ended) return;
  ended = true;
  note({ summary: { bin, args, ...counts, hits, ...extra } });
  closeSync(log);
}

function killNow(reason) {
  child.kill("SIGKILL");
  summary({ killed: reason });
  process.kill(process.pid, "SIGKILL");
}

function lines(stream, onLine) {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) onLine(line);
  });
  stream.on("end", () => {
    if (partial !== "") onLine(partial);
    partial = "";
  });
}

const kill = spec.kill;

lines(child.stdout, (line) => {
  scan("stdout", line);
  const isState = line.startsWith('{"type":"STATE"');
  const isRecord = line.startsWith('{"type":"RECORD"');
  if (isState) counts.states += 1;
  if (isRecord) counts.records += 1;
  const due =
    (kill?.after === "lines" && counts.stdout === kill.n) ||
    (kill?.after === "records" && isRecord && counts.records === kill.n) ||
    (kill?.after === "states" && isState && counts.states === kill.n);
  const at = `line ${counts.stdout} (${counts.records} records, ${counts.states} states)`;
  if (due && kill.forward === false) killNow(`before passing on ${at}`);
  process.stdout.write(`${line}\n`);
  if (due) killNow(`after ${at}`);
});
lines(child.stderr, (line) => {
  scan("stderr", line);
  process.stderr.write(`${line}\n`);
});

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => child.kill(signal));
child.on("close", (code, signal) => {
  summary({ code, signal });
  for (const name of ["SIGTERM", "SIGINT"]) process.removeAllListeners(name);
  if (signal !== null) process.kill(process.pid, signal);
  else process.exitCode = code ?? 1;
});
