// A reporting season lived through the real pages by every role that touches it: the owner
// section (ICT推進課, No.4), the co-owning section (企画政策課), the coordinator and the
// public. Each step checks what each of them sees afterwards.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

let t;
before(async () => {
  t = await startTorikumi();
  t.addIctEditor();
});
after(async () => { await t.stop(); });

const no4 = (month = 4) => `/staff/2025/initiatives/4?month=${month}`;

async function report(page) { return page.textContent('section.report'); }

async function submitForm(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('a season of reports: each section keeps its words, approval holds, only approved work is published', async () => {
  const coordinator = await t.logIn('coordinator');
  const owner = await t.logIn('ict');
  const coOwner = await t.logIn('kikaku');
  const citizen = await t.newPage();

  // The coordinator opens April.
  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  await submitForm(coordinator, 'text=4月の報告受付を開始');

  // The owner drafts April's report; the co-owner drafts its note. Neither sees the other's
  // words in its own box.
  await owner.goto(t.base + no4());
  assert.match(await owner.inputValue('#progress-text'), /新規採用職員の初任者研修/);
  await owner.fill('#progress-text', '研修で生成AIの使い方を説明した。');
  await owner.selectOption('#progress-rating', '→');
  await submitForm(owner, 'button[value=save]');
  await coOwner.goto(t.base + no4());
  assert.match(await coOwner.textContent('label[for=progress-text]'), /追記（共同所管「企画政策課」）/);
  assert.equal(await coOwner.inputValue('#progress-text'), '');
  await coOwner.fill('#progress-text', '説明会の資料を提供した。');
  await submitForm(coOwner, 'button[value=save]');
  await owner.goto(t.base + no4());
  assert.equal(await owner.inputValue('#progress-text'), '研修で生成AIの使い方を説明した。');
  assert.match(await report(owner), /共同所管「企画政策課」の追記: 下書き/);

  // The owner submits; the coordinator returns it with a comment.
  await submitForm(owner, 'button[value=submit]');
  assert.match(await report(owner), /所管課「ICT推進課」の報告: 提出済み/);
  await coordinator.goto(t.base + no4());
  await coordinator.fill('#review-comment', '研修の日付を書いてください。');
  await submitForm(coordinator, 'form.review-form:has(input[name=section][value=""]) button[value=return]');

  // A co-owner's note on the returned report leaves the return as it is.
  await coOwner.goto(t.base + no4());
  await coOwner.fill('#progress-text', '説明会の資料を提供した (4月16日)。');
  await submitForm(coOwner, 'button[value=submit]');
  await owner.goto(t.base + no4());
  let seen = await report(owner);
  assert.match(seen, /所管課「ICT推進課」の報告: 差し戻し/);
  assert.match(seen, /研修の日付を書いてください。/);
  assert.match(seen, /共同所管「企画政策課」の追記: 提出済み/);

  // The owner resubmits; the coordinator approves the report and the note.
  await owner.fill('#progress-text', '4月7日の研修で生成AIの使い方を説明した。');
  await submitForm(owner, 'button[value=submit]');
  await coordinator.goto(t.base + no4());
  await submitForm(coordinator, 'form.review-form:has(input[name=section][value=""]) button[value=approve]');
  await submitForm(coordinator, 'form.review-form:has(input[name=section][value="企画政策課"]) button[value=approve]');
  seen = await report(coordinator);
  assert.match(seen, /所管課「ICT推進課」の報告: 承認済み/);
  assert.match(seen, /最後の承認: 企画太郎/);

  // A rating change after approval: the owner's form is read-only, and the server refuses a
  // forged one.
  await owner.goto(t.base + no4());
  assert.equal(await owner.getAttribute('#progress-text', 'readonly'), 'readonly');
  assert.equal(await owner.locator('button[value=save]').count(), 0);
  const forged = await owner.request.post(t.base + '/staff/2025/initiatives/4/progress', {
    form: {
      csrf: await owner.getAttribute('form.progress-form input[name=csrf]', 'value'),
      month: '4', version: await owner.getAttribute('form.progress-form input[name=version]', 'value'),
      text: '4月7日の研修で生成AIの使い方を説明した。', rating: '↘', action: 'save',
    },
  });
  assert.equal(forged.status(), 403);

  // A 409 resolved: the coordinator saves the overview first; the owner's stale save comes
  // back with both versions, and saved again, keeps the co-owner's note.
  await owner.goto(t.base + '/staff/2025/initiatives/4/edit');
  await owner.fill('#edit-overview', '所管課が書き直した概要');
  const coordinatorEdit = await t.logIn('coordinator');
  await coordinatorEdit.goto(t.base + '/staff/2025/initiatives/4/edit');
  await coordinatorEdit.fill('#edit-overview', '企画担当が直した概要');
  await submitForm(coordinatorEdit, 'form.edit button[type=submit]');
  await submitForm(owner, 'form.edit button[type=submit]');
  assert.match(await owner.textContent('main'), /ほかの人が先にこの取組を更新しました/);
  assert.equal(await owner.inputValue('#edit-overview'), '所管課が書き直した概要');
  await submitForm(owner, 'form.edit button[type=submit]');
  await owner.goto(t.base + no4());
  assert.match(await owner.textContent('main'), /所管課が書き直した概要/);
  assert.match(await owner.textContent('main'), /説明会の資料を提供した \(4月16日\)。/);

  // The coordinator reopens the approved report with a reason; the owner sees it.
  await coordinator.goto(t.base + no4());
  await coordinator.fill('#review-comment', '数値を確認するため再開します。');
  await submitForm(coordinator, 'form.review-form:has(input[name=section][value=""]) button[value=return]');
  await owner.goto(t.base + no4());
  assert.match(await report(owner), /差し戻し/);
  assert.match(await report(owner), /数値を確認するため再開します。/);
  await owner.fill('#progress-text', '研修の参加者数を確認中。');
  await submitForm(owner, 'button[value=save]');

  // An older sheet uploaded: the preview writes nothing, and the import keeps every report
  // entered here.
  await coordinator.goto(t.base + '/staff/2025/settings');
  const seed = join(t.source, 'data/kawanishi-r7-process-sheet.tsv');
  await coordinator.setInputFiles('#import-file', seed);
  await submitForm(coordinator, 'form.import button[value=preview]');
  seen = await coordinator.textContent('main');
  assert.match(seen, /まだ書き込んでいません/);
  assert.match(seen, /そのまま残します/);
  await coordinator.setInputFiles('#import-file', seed);
  await submitForm(coordinator, 'form.import button[value=import]');
  assert.match(await coordinator.textContent('main'), /そのまま残しました/);
  await owner.goto(t.base + no4());
  assert.equal(await owner.inputValue('#progress-text'), '研修の参加者数を確認中。');

  // A draft left unapproved on No.2; the publish page lists what is left out.
  await coOwner.goto(t.base + '/staff/2025/initiatives/2?month=4');
  await coOwner.fill('#progress-text', '未承認の下書きです。');
  await submitForm(coOwner, 'button[value=save]');
  await coordinator.goto(t.base + '/staff/2025/publications');
  seen = await coordinator.textContent('table.left-out');
  assert.match(seen, /未承認|下書き/);
  assert.match(seen, /所管課の報告/);
  await coordinator.fill('#published-on', '2026-04-30');
  await submitForm(coordinator, 'form.publish button');

  // The public sees what was approved: the resubmitted text, the note under its section,
  // and no draft.
  await citizen.goto(t.base + '/2025/initiatives/4');
  seen = await citizen.textContent('main');
  assert.match(seen, /4月7日の研修で生成AIの使い方を説明した。/);
  assert.doesNotMatch(seen, /研修の参加者数を確認中。/);
  assert.match(seen, /共同所管「企画政策課」の追記/);
  assert.match(seen, /説明会の資料を提供した \(4月16日\)。/);
  await citizen.goto(t.base + '/2025/initiatives/2');
  assert.doesNotMatch(await citizen.textContent('main'), /未承認の下書きです。/);

  // April's reorganisation: the coordinator carries the year over and renames 企画政策課 in
  // 2026; the co-owner still writes 2025's March report, and edits the renamed section's
  // initiatives in 2026.
  await coordinator.goto(t.base + '/staff/2025/settings');
  await submitForm(coordinator, 'form[action="/staff/2025/settings/carry-over"] button');
  await coordinator.goto(t.base + '/staff/2026/settings');
  await coordinator.selectOption('#rename-from', '企画政策課');
  await coordinator.fill('#rename-to', '政策推進課');
  await submitForm(coordinator, 'form[action="/staff/2026/settings/sections"] button');
  await coordinator.goto(t.base + '/staff/2025/board?month=3');
  await submitForm(coordinator, 'text=3月の報告受付を開始');
  await coOwner.goto(t.base + '/staff/2025/initiatives/1?month=3');
  await coOwner.fill('#progress-text', '3月の取りまとめを行った。');
  await submitForm(coOwner, 'button[value=submit]');
  assert.match(await report(coOwner), /所管課「企画政策課」の報告: 提出済み/);
  await coOwner.goto(t.base + '/staff/2026/initiatives/1');
  assert.match(await coOwner.textContent('main'), /政策推進課/);
  assert.equal(await coOwner.locator('#progress-text').count(), 1);
  assert.equal(await owner.request.get(t.base + '/staff/2026/initiatives/1').then((r) => r.status()), 200);

  // The one 409 was the conflict above; nothing else went wrong in any page.
  assert.deepEqual(t.problems.filter((p) => !/status of 409/.test(p)), []);
  assert.equal(t.problems.length, 1);
});
