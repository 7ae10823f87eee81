// The whole monthly cycle in a real browser: an editor writes this month's progress and
// submits; the coordinator returns it; the editor fixes and resubmits; the coordinator
// approves and publishes; the public page shows the new text and date.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); });
after(async () => { await t.stop(); });

test('progress goes from draft to publication through a return', async () => {
  const coordinator = await t.logIn('coordinator');
  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('text=4月の報告受付を開始')]);
  assert.match(await coordinator.textContent('main'), /未着手 4 件/);

  const editor = await t.logIn('kikaku');
  await editor.goto(t.base + '/staff/2025/initiatives/1?month=4');
  await editor.fill('#progress-text', '審議会を開催した。');
  await Promise.all([editor.waitForNavigation(), editor.click('button[value=submit]')]);
  assert.match(await editor.textContent('section.report'), /提出済み/);

  await coordinator.goto(t.base + '/staff/2025/initiatives/1?month=4');
  await coordinator.fill('#review-comment', '開催日を書いてください。');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('button[value=return]')]);

  await editor.goto(t.base + '/staff/2025/initiatives/1?month=4');
  const report = await editor.textContent('section.report');
  assert.match(report, /差し戻し/);
  assert.match(report, /開催日を書いてください。/);
  await editor.fill('#progress-text', '4月21日に行財政改革審議会を開催した。');
  await Promise.all([editor.waitForNavigation(), editor.click('button[value=submit]')]);
  assert.match(await editor.textContent('section.report'), /提出済み/);

  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  await coordinator.check('#pick-1');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('fieldset.bulk button[value=approve]')]);
  assert.match(await coordinator.textContent('main'), /承認済み 1 件/);

  await coordinator.goto(t.base + '/staff/2025/publications');
  await coordinator.fill('#published-on', '2026-04-30');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.publish button')]);

  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/initiatives/1');
  const page = await citizen.textContent('main');
  assert.match(page, /4月21日に行財政改革審議会を開催した。/);
  assert.match(page, /2026年4月30日 公開/);
  await citizen.goto(t.base + '/2025/publications/');
  assert.match(await citizen.textContent('main'), /2026年3月31日 公開/);

  assert.deepEqual(t.problems, []);
});
