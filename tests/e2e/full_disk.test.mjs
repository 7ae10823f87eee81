// A full disk lived through the real pages. The server's file-size limit is set to nothing
// (prlimit on its soft RLIMIT_FSIZE, which the kernel enforces as it does a full disk: every
// write that would grow a file fails) once its write-ahead log is emptied. The owner's report
// is refused with the reason and word that nothing was kept, its text left in the box; the owner, the co-owner
// and the public go on reading; with room again the same report is saved, and the
// coordinator reads it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); t.addIctEditor(); });
after(async () => { await t.stop(); });

const no4 = '/staff/2025/initiatives/4?month=4';

async function save(page) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[value=save]')]);
  return response.status();
}

test('a full disk: the report is refused and kept by nobody, reading goes on, and room brings it back', async () => {
  const coordinator = await t.logIn('coordinator');
  const owner = await t.logIn('ict');
  const coOwner = await t.logIn('kikaku');
  const citizen = await t.newPage();
  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('text=4月の報告受付を開始')]);

  execFileSync('sqlite3', [t.db, 'PRAGMA wal_checkpoint(TRUNCATE);']);
  execFileSync('prlimit', ['--pid', String(t.pid), '--fsize=0:unlimited']);

  await owner.goto(t.base + no4);
  await owner.fill('#progress-text', '満杯のディスクに書こうとした報告。');
  assert.equal(await save(owner), 503);
  // The reason, that nothing was kept, and the words still in the box to save again.
  const refusal = await owner.textContent('main');
  assert.match(refusal, /ディスク/);
  assert.match(refusal, /入力した内容は保存されていませんが、下に残っています/);
  assert.equal(await owner.inputValue('#progress-text'), '満杯のディスクに書こうとした報告。');

  // Everyone still reads, still signed in; nothing of the refused report anywhere.
  assert.equal((await owner.goto(t.base + no4)).status(), 200);
  assert.notEqual(await owner.inputValue('#progress-text'), '満杯のディスクに書こうとした報告。');
  assert.equal((await coOwner.goto(t.base + no4)).status(), 200);
  assert.doesNotMatch(await coOwner.textContent('main'), /満杯のディスク/);
  assert.equal((await citizen.goto(t.base + '/2025/')).status(), 200);
  assert.match(await citizen.textContent('main'), /生成AI/);

  // Room again: the same report is saved, and the coordinator reads it.
  execFileSync('prlimit', ['--pid', String(t.pid), '--fsize=unlimited:unlimited']);
  await owner.goto(t.base + no4);
  await owner.fill('#progress-text', '空きができてから書いた報告。');
  assert.equal(await save(owner), 200);
  assert.equal(await owner.inputValue('#progress-text'), '空きができてから書いた報告。');
  await coordinator.goto(t.base + no4);
  assert.match(await coordinator.textContent('main'), /空きができてから書いた報告。/);
});
