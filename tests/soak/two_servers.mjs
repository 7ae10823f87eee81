// Two torikumi servers on one PostgreSQL database, as a prefecture would run them behind a
// load balancer: a session made on one is valid on the other, and edits of one initiative
// sent through both at once are each either accepted (and in the history) or refused with
// 409; none is lost. Run by tests/store/with_postgres.sh, which provides the database.
// Environment: TORIKUMI_BIN, TORIKUMI_SOURCE_DIR, TORIKUMI_TEST_POSTGRES.

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const bin = process.env.TORIKUMI_BIN;
const db = process.env.TORIKUMI_TEST_POSTGRES;
const seed = join(process.env.TORIKUMI_SOURCE_DIR, 'data/kawanishi-r7-process-sheet.tsv');
const password = 'correct horse battery';
const rounds = Number(process.argv[2] ?? 20);

function run(args, input) {
  const result = spawnSync(bin, [...args, '--db', db], { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`torikumi ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function serve() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base + '/healthz')).ok) return { base, server };
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

function cookieOf(response, name) {
  for (const header of response.headers.getSetCookie()) {
    const match = header.match(new RegExp(`^${name}=([^;]*)`));
    if (match) return match[1];
  }
  return '';
}

run(['import', seed, '--publish', '2026-03-31']);
run(['user', 'add', 'kikaku', '--name', '企画政策課 花子', '--role', 'editor', '--sections', '企画政策課'],
    password + '\n');
const token = run(['user', 'token', 'kikaku', '--name', 'two servers']).trim();
const a = await serve();
const b = await serve();
try {
  // A session made on A is a session on B.
  const form = await fetch(a.base + '/login');
  const nonce = cookieOf(form, 'torikumi_login');
  const login = await fetch(a.base + '/login', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `torikumi_login=${nonce}` },
    body: new URLSearchParams({ csrf: nonce, login: 'kikaku', password }).toString(),
  });
  assert.equal(login.status, 303);
  const session = cookieOf(login, 'torikumi_session');
  const onB = await fetch(b.base + '/staff/account', { headers: { Cookie: `torikumi_session=${session}` } });
  assert.equal(onB.status, 200);
  assert.match(await onB.text(), /企画政策課 花子/);
  const logout = await fetch(b.base + '/staff/account', { redirect: 'manual' });
  assert.notEqual(logout.status, 200, 'no session, no page');

  // The same initiative edited through both servers at once, round after round.
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const url = (server) => `${server.base}/api/v1/years/2025/initiatives/1`;
  const accepted = [];
  let refused = 0;
  for (let round = 0; round < rounds; round++) {
    const current = await (await fetch(url(a), { headers: auth })).json();
    const puts = [a, b].map((server, k) => {
      const overview = `ラウンド ${round} / サーバー ${k === 0 ? 'A' : 'B'}`;
      const body = JSON.stringify({ version: current.version, initiative: { ...current.initiative, overview } });
      return fetch(url(server), { method: 'PUT', headers: auth, body }).then((r) => ({ status: r.status, overview }));
    });
    for (const { status, overview } of await Promise.all(puts)) {
      assert.ok(status === 200 || status === 409, `status ${status}`);
      if (status === 200) accepted.push(overview); else refused++;
    }
  }
  assert.equal(accepted.length + refused, rounds * 2);
  assert.equal(accepted.length, rounds, 'exactly one of each pair is accepted');
  const history = await (await fetch(`${url(b)}/history`, { headers: auth })).json();
  const recorded = history.history.map((h) => h.after).join('\n');
  for (const overview of accepted) assert.ok(recorded.includes(overview), `${overview} is in the history`);
  const final = await (await fetch(url(b), { headers: auth })).json();
  assert.equal(final.initiative.overview, accepted.at(-1));
  console.log(`two servers: session shared; ${accepted.length} edits accepted, ${refused} refused with 409, none lost`);
} finally {
  for (const { server } of [a, b]) server.kill('SIGTERM');
}
