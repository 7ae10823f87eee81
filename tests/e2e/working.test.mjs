// Long work says it is under way, lived through the real pages: a coordinator's upload
// shows its message and cannot be sent twice while the server reads it, then previews and
// imports as the pressed button asked; a citizen's download of the sheet's workbook says it
// is being made, then what came; a failed one shows the server's own answer; the
// administrator's CSV of the security log says the same. Without JavaScript the pages work
// as before.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); });
after(async () => { await t.stop(); });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Holds every request to the URLs matched for a while, as a large file being made would,
// and counts them.
async function slowDown(page, pattern, ms) {
  const seen = { requests: 0 };
  await page.route(pattern, async (route) => {
    seen.requests += 1;
    await sleep(ms);
    await route.continue();
  });
  return seen;
}

// A slow line: the upload takes a couple of seconds.
async function slowLine(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions',
                 { offline: false, latency: 300, downloadThroughput: -1, uploadThroughput: 8 * 1024 });
}

test('an upload says it is being read, is sent once, and does what the pressed button asked', async () => {
  const coordinator = await t.logIn('coordinator');
  const seed = join(t.source, 'data/kawanishi-r7-process-sheet.tsv');
  // What the page shows while the upload is under way, seen from inside it: the browser
  // leaves the page when the answer comes, and with it everything a test could ask it.
  const seen = [];
  await coordinator.exposeFunction('observed', (state) => seen.push(state));
  let posts = 0;
  coordinator.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/staff/import')) posts += 1;
  });
  await coordinator.goto(t.base + '/staff/2025/settings');
  assert.equal(await coordinator.textContent('form.import .working'), '');
  await slowLine(coordinator);
  await coordinator.setInputFiles('#import-file', seed);
  await coordinator.evaluate(() => {
    const form = document.querySelector('form.import');
    form.addEventListener('submit', () => setTimeout(() => {
      window.observed({
        busy: form.getAttribute('aria-busy'),
        status: form.querySelector('[role=status]').textContent,
        disabled: [...form.querySelectorAll('button')].map((b) => b.disabled),
      });
      // A second press and a submission from the keyboard, while the first is under way.
      form.querySelector('button[value=import]').click();
      form.requestSubmit();
    }, 300));
  });
  await Promise.all([coordinator.waitForNavigation(),
                     coordinator.click('form.import button[value=preview]')]);
  assert.ok(seen.length >= 1, 'the upload was seen under way');
  assert.deepEqual(seen[0].busy, 'true');
  assert.match(seen[0].status, /^ファイルを送り、読み取って確かめています。/);
  assert.deepEqual(seen[0].disabled, [true, true]);
  assert.equal(posts, 1);
  // The pressed button's value went with the file: a preview, not an import.
  assert.match(await coordinator.textContent('main'), /まだ書き込んでいません/);

  // Back on the form: it is ready for the next file.
  await coordinator.goBack();
  await coordinator.waitForFunction(
    () => [...document.querySelectorAll('form.import button')].every((b) => !b.disabled));
  assert.equal(await coordinator.getAttribute('form.import', 'aria-busy'), null);
  assert.equal((await coordinator.textContent('form.import .working')).trim(), '');

  await coordinator.setInputFiles('#import-file', seed);
  await Promise.all([coordinator.waitForNavigation(),
                     coordinator.click('form.import button[value=import]')]);
  assert.equal(posts, 2);
  assert.match(await coordinator.textContent('main'), /取り込みました/);
  assert.deepEqual(t.problems, []);
});

test('a download says it is being made and then what came; a refused one shows the server\'s answer', async () => {
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/downloads/');
  const link = 'main a[href$=".xlsx"]';
  const name = await citizen.getAttribute(link, 'download');
  assert.match(name, /\.xlsx$/);
  const made = await slowDown(citizen, '**/downloads/*.xlsx', 1000);

  const downloaded = citizen.waitForEvent('download');
  await citizen.click(link);
  await citizen.waitForSelector('#download-working:has-text("を用意しています")');
  const download = await downloaded;
  assert.equal(download.suggestedFilename(), name);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  await citizen.waitForSelector('#download-working:has-text("をダウンロードしました")');
  assert.match(await citizen.textContent('#download-working'),
               new RegExp(`^${name.replace('.', '\\.')} をダウンロードしました（\\d+\\.\\d MB）。$`));
  assert.equal(made.requests, 1);
  assert.equal(new URL(citizen.url()).pathname, '/2025/downloads/');

  // The server too busy: the browser goes to the answer, as it would without the script.
  await citizen.unroute('**/downloads/*.xlsx');
  await citizen.route('**/downloads/*.xlsx', (route) => route.fulfill({
    status: 503, contentType: 'text/plain; charset=utf-8', headers: { 'Retry-After': '5' },
    body: '混み合っています。しばらくしてからもう一度お試しください。',
  }));
  await Promise.all([citizen.waitForNavigation(), citizen.click(link)]);
  assert.match(await citizen.textContent('body'), /混み合っています/);
  assert.deepEqual(t.problems.filter((p) => !/status of 503/.test(p)), []);
});

test('the security log\'s CSV says it is being made, for the administrator', async () => {
  const admin = await t.logIn('admin');
  await admin.goto(t.base + '/staff/security-events');
  await slowDown(admin, '**/staff/security-events.csv', 800);
  const downloaded = admin.waitForEvent('download');
  await admin.click('a.security-events-csv');
  await admin.waitForSelector('#csv-working:has-text("CSV にまとめています")');
  const download = await downloaded;
  assert.match(download.suggestedFilename(), /^security-events-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.match(readFileSync(await download.path(), 'utf8'), /^\uFEFF/);
  await admin.waitForSelector('#csv-working:has-text("をダウンロードしました")');
});

test('without JavaScript, the upload and the download work as plain HTML', async () => {
  const page = await t.logIn('coordinator', { javaScriptEnabled: false });
  await page.goto(t.base + '/staff/2025/settings');
  await page.setInputFiles('#import-file', join(t.source, 'data/kawanishi-r7-process-sheet.tsv'));
  await Promise.all([page.waitForNavigation(), page.click('form.import button[value=preview]')]);
  assert.match(await page.textContent('main'), /まだ書き込んでいません/);

  await page.goto(t.base + '/2025/downloads/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('main a[href$=".xlsx"]')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await download.path()).subarray(0, 2).toString(), 'PK');
  await page.context().close();
});
