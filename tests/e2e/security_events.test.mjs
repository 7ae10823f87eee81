// The security event log lived through the real pages: an editor is refused an
// administrator's page (403), someone fails to sign in, the administrator issues a token and
// revokes it, then opens セキュリティの記録 from the navigation, narrows it to the refusals
// of today, downloads the CSV of that and of everything, and reads what they hold; an
// editor and a coordinator cannot open the page, and their tries are recorded in turn. No
// password, token or session cookie is in the page, a CSV or the server's log.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { password, startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); });
// The console's errors but for the loads these tests refuse on purpose (400, 403).
const unexpected = () => t.problems.filter(
  (p) => !/^Failed to load resource: the server responded with a status of (400|403) /.test(p));
after(async () => { await t.stop(); });

// Today in Japan, as a date input takes it.
const today = () => new Date(Date.now() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);

// The rows of the table: [日時, 種類, 利用者, ログイン名, 接続元, 内容] and the kind's name.
async function rows(page) {
  return page.$$eval('table.security-events tbody tr', (trs) => trs.map((tr) => ({
    kind: tr.dataset.kind,
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
  })));
}

// Clicks the CSV link; its bytes as text, with the BOM still on.
async function downloadCsv(page) {
  const [download] = await Promise.all([page.waitForEvent('download'),
                                        page.click('a.security-events-csv')]);
  assert.match(download.suggestedFilename(), /^security-events-\d{4}-\d{2}-\d{2}\.csv$/);
  return readFileSync(await download.path(), 'utf8');
}

test('refusals, failed sign-ins and token revocations are read by administrators only', async () => {
  const editor = await t.logIn('kikaku');
  assert.equal((await editor.goto(t.base + '/staff/users')).status(), 403);

  const stranger = await t.newPage();
  await stranger.goto(t.base + '/login');
  await stranger.fill('#login', 'tanaka');
  await stranger.fill('#password', 'typed-wrong-secret');
  const [failed] = await Promise.all([stranger.waitForNavigation(), stranger.click('form.login button')]);
  assert.equal(failed.status(), 400);

  const admin = await t.logIn('admin');
  await admin.goto(t.base + '/staff/users/kikaku');
  await admin.fill('#token-name', 'renkei');
  await Promise.all([admin.waitForNavigation(), admin.click('button:has-text("API トークン発行")')]);
  const token = (await admin.textContent('main')).match(/tk_[A-Za-z0-9_-]+/)[0];
  await admin.goto(t.base + '/staff/users/kikaku');
  await Promise.all([admin.waitForNavigation(), admin.click('button:has-text("「renkei」を取り消す")')]);

  // Neither an editor nor a coordinator opens the page or its CSV.
  const coordinator = await t.logIn('coordinator');
  for (const page of [editor, coordinator]) {
    assert.equal((await page.goto(t.base + '/staff/security-events')).status(), 403);
    assert.equal(await page.$('a[href="/staff/security-events"]'), null);
    const csv = await page.request.get(t.base + '/staff/security-events.csv');
    assert.equal(csv.status(), 403);
  }

  // The administrator finds it beside the audit log.
  await admin.goto(t.base + '/staff/audit');
  await Promise.all([admin.waitForNavigation(),
                     admin.click('header nav a:has-text("セキュリティの記録")')]);
  assert.equal(new URL(admin.url()).pathname, '/staff/security-events');
  const all = await rows(admin);
  const find = (kind, test) => all.find((r) => r.kind === kind && test(r.cells));
  assert.ok(find('sign_in_failed', (c) => c[2] === '—' && c[3] === 'tanaka' && c[4] === '127.0.0.1'),
            JSON.stringify(all));
  assert.ok(find('forbidden', (c) => c[1] === 'アクセス拒否 (403)' && c[2] === '企画政策課 花子' &&
                 c[3] === 'kikaku' && c[5].startsWith('GET /staff/users')));
  assert.ok(find('forbidden', (c) => c[2] === '企画太郎' && c[5].startsWith('GET /staff/security-events:')));
  assert.ok(find('forbidden', (c) => c[2] === '企画太郎' && c[5].startsWith('GET /staff/security-events.csv')));
  assert.ok(find('api_token_issued', (c) => c[2] === '管理者' && c[3] === 'kikaku' && c[5].includes('renkei')));
  assert.ok(find('api_token_revoked', (c) => c[2] === '管理者' && c[3] === 'kikaku' && c[5] === '「renkei」'));
  assert.ok(find('sign_in', (c) => c[3] === 'admin'));

  // Narrowed to today's refusals.
  await admin.selectOption('#event-kind', 'forbidden');
  await admin.fill('#event-from', today());
  await admin.fill('#event-to', today());
  await Promise.all([admin.waitForNavigation(), admin.click('form.filters button')]);
  const refusals = await rows(admin);
  assert.equal(refusals.length, 5);  // the editor's three, the coordinator's two
  assert.ok(refusals.every((r) => r.kind === 'forbidden'));
  const narrowed = await downloadCsv(admin);
  assert.ok(narrowed.startsWith('\uFEFF番号,日時（日本時間）,日時（UTC）,種類,種類（コード）,利用者,ログイン名,接続元,内容\r\n'));
  const lines = narrowed.trim().split('\r\n').slice(1);
  assert.equal(lines.length, 5);
  assert.ok(lines.every((l) => l.includes(',アクセス拒否 (403),forbidden,')), narrowed);
  assert.ok(lines.some((l) => l.includes(',企画政策課 花子,kikaku,127.0.0.1,GET /staff/users')), narrowed);

  // A period before anything happened holds nothing.
  await admin.goto(t.base + '/staff/security-events?from=2000-01-01&to=2000-01-31');
  assert.equal((await rows(admin)).length, 0);

  // Everything, as a file.
  await admin.goto(t.base + '/staff/security-events');
  const everything = await downloadCsv(admin);
  assert.match(everything, /,ログイン失敗,sign_in_failed,,tanaka,127\.0\.0\.1,/);
  assert.match(everything, /,API トークン取り消し,api_token_revoked,管理者,kikaku,127\.0\.0\.1,「renkei」\r\n/);
  assert.match(everything, /,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,/);

  // The server's log has each as a line of JSON.
  const logged = t.serverLog().split('\n').filter((l) => l.startsWith('torikumi: security {'))
    .map((l) => JSON.parse(l.slice('torikumi: security '.length)));
  assert.ok(logged.some((e) => e.kind === 'sign_in_failed' && e.login === 'tanaka' && e.user === null &&
                              e.address === '127.0.0.1'));
  assert.ok(logged.some((e) => e.kind === 'api_token_revoked' && e.login === 'kikaku'));
  assert.ok(logged.some((e) => e.kind === 'forbidden' && e.detail.startsWith('GET /staff/security-events')));

  // No secret anywhere.
  const cookies = [];
  for (const page of [editor, admin, coordinator]) {
    for (const c of await page.context().cookies()) cookies.push(c.value);
  }
  const html = await admin.content();
  for (const secret of [password, 'typed-wrong-secret', token, ...cookies]) {
    for (const [where, text] of [['page', html], ['csv', everything], ['log', t.serverLog()]]) {
      assert.ok(!text.includes(secret), `${where} holds a secret`);
    }
  }
  assert.deepEqual(unexpected(), []);
});
