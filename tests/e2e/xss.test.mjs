// Cross-site scripting: payloads in every text field of every initiative, imported
// through JSON, TSV and CSV, shown on every page that displays them, in Chromium. No
// script may run, no dialog open, and every page sends a CSP without inline script.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

// Classic payloads: tags, attributes, URLs, entities, broken markup, template syntax.
const payloads = [
  '<script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="window.__xss=1">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '</style><script>alert(1)</script>',
  '<style>@import "javascript:alert(1)";</style>',
  '" onmouseover="alert(1)" x="',
  "' onfocus='alert(1)' autofocus x='",
  '<object data="javascript:alert(1)">',
  '<embed src="javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '<script>window.__xss=1</script>',
  '\u003cscript\u003ealert(1)\u003c/script\u003e',
  '<ScRiPt>alert(1)</sCrIpT>',
  '<img src=x:alert(alt) onerror=eval(src) alt=1>',
  '<marquee onstart=alert(1)>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<link rel=import href="data:text/html,<script>alert(1)</script>">',
  '"><svg/onload=alert(1)>',
];

let t;
const pagesChecked = [];
before(async () => { t = await startTorikumi({ withSeed: false }); });
after(async () => { await t.stop(); });

function torikumi(args) {
  const result = spawnSync(process.env.TORIKUMI_BIN, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test('payloads in every field, through every format, run nowhere', async () => {
  const initiatives = payloads.map((p, k) => ({
    no: k + 1, department: p, section: `課${k % 3}${p}`,
    goal: { number: 1, title: p }, policy: { number: 2, title: p }, project: p, subproject: p,
    title: p, overview: p,
    period_goals: [{ months: [4, 5, 6], target_rate: 50, text: p }],
    plan: [{ months: [4], text: p }], rating: k % 2 ? p : '→',
    progress: [{ months: [4], text: p }], co_owners: [p.replace(/[\s、,，/]/g, '') || 'x'],
  }));
  const json = join(t.dir, 'xss.json');
  writeFileSync(json, JSON.stringify({ fiscal_year: 2025, initiatives }));
  torikumi(['import', json, '--db', t.db, '--publish', '2026-03-31']);
  // The same through TSV, CSV and XLSX, as other years.
  const tsv = join(t.dir, 'xss.tsv');
  const csv = join(t.dir, 'xss.csv');
  torikumi(['export', '--db', t.db, '--year', '2025', '--format', 'tsv', '--output', tsv]);
  torikumi(['import', tsv, '--db', t.db, '--year', '2024', '--publish', '2025-03-31']);
  torikumi(['export', '--db', t.db, '--year', '2025', '--format', 'csv', '--output', csv]);
  torikumi(['import', csv, '--db', t.db, '--year', '2023', '--publish', '2024-03-31']);
  const xlsx = join(t.dir, 'xss.xlsx');
  torikumi(['export', '--db', t.db, '--year', '2025', '--format', 'xlsx', '--output', xlsx]);
  torikumi(['import', xlsx, '--db', t.db, '--year', '2022', '--publish', '2023-03-31']);

  const citizen = await t.newPage();
  const admin = await t.logIn('admin');
  const visit = async (page, path) => {
    const response = await page.goto(t.base + path);
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
    assert.equal(await page.evaluate(() => window.__xss), undefined, path);
    pagesChecked.push(path);
  };
  for (const year of [2025, 2024, 2023, 2022]) {
    await visit(citizen, `/${year}/`);
    await visit(citizen, `/${year}/downloads/`);
    await visit(citizen, `/${year}/?q=script&department=${encodeURIComponent(payloads[0])}`);
    await visit(admin, `/staff/${year}/`);
    await visit(admin, `/staff/${year}/board?month=4`);
    await visit(admin, `/staff/${year}/dashboard?month=4`);
    await visit(admin, `/staff/${year}/settings`);
    for (let no = 1; no <= payloads.length; no += year === 2025 ? 1 : 7) {
      await visit(citizen, `/${year}/initiatives/${no}`);
      await visit(admin, `/staff/${year}/initiatives/${no}?month=4`);
      await visit(admin, `/staff/${year}/initiatives/${no}/edit`);
      await visit(admin, `/staff/${year}/initiatives/${no}/history`);
    }
  }
  await visit(admin, '/staff/audit');
  await visit(citizen, `/search?q=${encodeURIComponent('script')}`);
  await visit(citizen, `/2025/?q=${encodeURIComponent('<script>alert(1)</script>')}`);
  await visit(citizen, `/nothing/${encodeURIComponent('"><script>alert(1)</script>')}`);
  assert.deepEqual(t.problems.filter((p) => !p.includes('404')), []);
  console.log(`xss: ${payloads.length} payloads in every field, ${pagesChecked.length} pages loaded`);
});
