// Crash safety: concurrent writers over HTTP while the server is killed with SIGKILL at
// random moments and restarted; afterwards every write answered 2xx must be in the
// database (in the audit log written by the same transaction, and the latest one in the
// initiative itself) and SQLite's integrity check must pass. Then the same for a large
// import killed part-way: the sheet is there whole or not at all.
//
// Usage: node crash.mjs KILLS [MAX_IMPORT_DELAY_MS]
//        (TORIKUMI_BIN and TORIKUMI_SOURCE_DIR in the environment)

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = process.env.TORIKUMI_BIN;
const source = process.env.TORIKUMI_SOURCE_DIR;
const kills = Number(process.argv[2] ?? 20);
// Kills land anywhere from the start of an import to past its end, so that both outcomes
// are seen on a long run.
const maxImportDelay = Number(process.argv[3] ?? 600);
const dir = mkdtempSync(join(tmpdir(), 'torikumi-crash-'));
const db = join(dir, 'crash.db');

function run(args, input) {
  const result = spawnSync(bin, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`torikumi ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function sql(query, database = db) {
  const result = spawnSync('sqlite3', [database, query], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`sqlite3: ${result.stderr}`);
  return result.stdout.trim();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Waits up to 30 s: make test runs this beside the sanitizer, fuzz and browser tests on two
// cores, where a start after a kill (the WAL recovered, the file checked) can take seconds.
async function startServer(port) {
  const server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`],
                       { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (chunk) => { log += chunk; });
  let exitCode = null;
  server.exited = new Promise((resolve) => server.once('exit', (code) => { exitCode = code; resolve(); }));
  for (let i = 0; i < 1200 && exitCode === null; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return server;
    } catch { /* not yet */ }
    await sleep(25);
  }
  server.kill('SIGKILL');
  throw new Error(`server did not start (exit ${exitCode}): ${log.slice(-2000)}`);
}

// One writer: reads an initiative's version and writes a unique progress text for April,
// again and again, remembering every write the server acknowledged.
async function writer(base, token, no, id, acked, stop) {
  let n = 0;
  while (!stop.done) {
    try {
      const got = await fetch(`${base}/api/v1/years/2025/initiatives/${no}`, { headers: { authorization: `Bearer ${token}` } });
      if (!got.ok) continue;
      const { version } = await got.json();
      const text = `crash-${id}-${n++}`;
      const put = await fetch(`${base}/api/v1/years/2025/initiatives/${no}/progress`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version, month: 4, text }),
      });
      if (put.ok) acked.push({ no, text });
      else if (put.status !== 409) await put.text();
    } catch {
      await sleep(5);  // the server is down: keep trying until it is back
    }
  }
}

try {
  run(['import', join(source, 'data/kawanishi-r7-process-sheet.tsv'), '--db', db]);
  run(['user', 'add', 'writer', '--role', 'coordinator', '--db', db], 'crash test password\n');
  const token = run(['user', 'token', 'writer', '--db', db]).trim();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const acked = [];
  const stop = { done: false };
  let server = await startServer(port);
  const writers = [];
  for (let id = 0; id < 8; id++) writers.push(writer(base, token, 1 + (id % 4), id, acked, stop));
  for (let k = 0; k < kills; k++) {
    await sleep(100 + Math.random() * 400);
    server.kill('SIGKILL');
    await server.exited;
    server = await startServer(port);
  }
  await sleep(300);
  stop.done = true;
  await Promise.all(writers);
  server.kill('SIGTERM');
  await server.exited;

  assert.equal(sql('PRAGMA integrity_check'), 'ok');
  assert.ok(acked.length > kills, `only ${acked.length} writes were acknowledged`);
  const audited = new Set(sql("SELECT after FROM audit_log WHERE action = 'initiative.update'")
    .split('\n').flatMap((line) => line.match(/crash-\d+-\d+/g) ?? []));
  const lost = acked.filter(({ text }) => !audited.has(text));
  assert.deepEqual(lost, [], `${lost.length} acknowledged writes are missing`);
  // The last acknowledged write of each initiative is its April progress now.
  const last = new Map();
  for (const { no, text } of acked) last.set(no, text);
  const sheet = JSON.parse(run(['export', '--db', db, '--year', '2025']));
  for (const [no, text] of last) {
    const progress = sheet.initiatives.find((i) => i.no === no).progress;
    assert.ok(progress.some((e) => e.text === text), `No.${no} lost its last write ${text}`);
  }
  console.log(`crash: ${kills} kills survived, ${acked.length} acknowledged writes checked`);

  // A large import killed part-way: the year is there whole or not at all.
  const lines = readFileSync(join(source, 'data/kawanishi-r7-process-sheet.tsv'), 'utf8').split('\n');
  const rows = lines.slice(6).filter((l) => l.trim() !== '');
  const big = lines.slice(0, 6).map((l) => l.replace('R7', 'R8'));
  const count = 3000;
  for (let k = 0; k < count; k++) big.push(rows[k % rows.length].replace(/^\d+\t/, `${k + 1}\t`));
  const file = join(dir, 'big.tsv');
  writeFileSync(file, big.join('\n') + '\n');
  let whole = 0;
  let none = 0;
  for (let attempt = 0; attempt < Math.max(3, Math.floor(kills / 4)); attempt++) {
    const target = join(dir, `import-${attempt}.db`);
    run(['user', 'list', '--db', target]);  // creates the database with its schema
    const importer = spawn(bin, ['import', file, '--db', target], { stdio: 'ignore' });
    const exited = new Promise((resolve) => importer.once('exit', resolve));
    await sleep(50 + Math.random() * maxImportDelay);
    importer.kill('SIGKILL');  // no effect when the import already finished
    await exited;
    const n = Number(sql('SELECT COUNT(*) FROM initiative', target));
    assert.ok(n === 0 || n === count, `a killed import left ${n} of ${count} initiatives`);
    if (n === 0) none++; else whole++;
    assert.equal(sql('PRAGMA integrity_check', target), 'ok');
  }
  console.log(`import: killed ${whole + none} times, ${whole} whole and ${none} nothing, never part`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
