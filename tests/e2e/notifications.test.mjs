// Notifications in a real browser, as each role lives them: the coordinator opens a month
// with its deadline; the editors see the unread count; the owner opens the returned report
// from its notification and resubmits; the coordinator is notified; the co-owner hears only
// of what is its own; the board shows the deadline passed in red; mail preferences are
// checked; the administrator sees the outbox; the public sees none of it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); t.addIctEditor(); });
after(async () => { await t.stop(); });

const unread = async (page) => (await page.locator('header a.notifications').textContent()).trim();
const click = (page, selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);

test('a return reaches the editor, who opens it, resubmits, and the coordinator hears of it', async () => {
  const coordinator = await t.logIn('coordinator');
  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  // The default deadline is the 10th of the next month; a deadline already passed is kept.
  assert.equal(await coordinator.inputValue('#deadline'), '2025-05-10');
  await click(coordinator, 'text=4月の報告受付を開始');
  const deadline = await coordinator.textContent('p.deadline');
  assert.match(deadline, /提出期限: 5月10日（\d+ 日超過）/);
  assert.equal(await coordinator.getAttribute('p.deadline', 'class'), 'deadline overdue');
  const overdueSection = coordinator.locator('h3.overdue', { hasText: '企画政策課' });
  assert.match(await overdueSection.textContent(), /提出期限超過/);
  assert.equal(await overdueSection.evaluate((e) => getComputedStyle(e).color), 'rgb(179, 38, 30)');
  assert.equal(await unread(coordinator), 'お知らせ');  // who opened it is not told

  const owner = await t.logIn('kikaku');
  const coOwner = await t.logIn('ict');
  for (const page of [owner, coOwner]) {
    assert.equal(await unread(page), 'お知らせ未読 1件');
    await page.goto(t.base + '/staff/notifications');
    assert.match(await page.textContent('main'), /令和7年度 4月の報告の受付が始まりました（提出期限 5月10日）/);
  }

  await owner.goto(t.base + '/staff/2025/initiatives/1?month=4');
  await owner.fill('#progress-text', '審議会を開催した。');
  await click(owner, 'button[value=submit]');
  await coordinator.goto(t.base + '/staff/2025/initiatives/1?month=4');
  await coordinator.fill('#review-comment', '開催日を書いてください。');
  await click(coordinator, 'button[value=return]');

  // The owner sees a new unread notification, and opens the returned report from it.
  await owner.goto(t.base + '/staff/2025/');
  assert.equal(await unread(owner), 'お知らせ未読 2件');
  await click(owner, 'header a.notifications');
  const returned = owner.locator('li.notification.unread[data-kind=returned]');
  assert.match(await returned.textContent(), /No\.1「DXに向けた事業再検証」の4月の報告が差し戻されました/);
  assert.match(await returned.textContent(), /コメント: 開催日を書いてください。/);
  await click(owner, 'li.notification[data-kind=returned] .title a');
  assert.equal(new URL(owner.url()).pathname + new URL(owner.url()).search, '/staff/2025/initiatives/1?month=4');
  assert.match(await owner.textContent('section.report'), /開催日を書いてください。/);
  assert.equal(await unread(owner), 'お知らせ未読 1件');
  await owner.fill('#progress-text', '4月21日に行財政改革審議会を開催した。');
  await click(owner, 'button[value=submit]');
  assert.match(await owner.textContent('section.report'), /提出済み/);

  // The coordinator is told of the resubmission and goes to it.
  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  assert.equal(await unread(coordinator), 'お知らせ未読 1件');
  await coordinator.goto(t.base + '/staff/notifications');
  assert.match(await coordinator.textContent('li.notification[data-kind=resubmitted]'),
               /No\.1「DXに向けた事業再検証」の4月の報告が再提出されました/);
  await click(coordinator, 'li.notification[data-kind=resubmitted] .title a');
  assert.match(await coordinator.textContent('section.report'), /提出済み/);
  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  await coordinator.check('#pick-1');
  await click(coordinator, 'fieldset.bulk button[value=approve]');

  await owner.goto(t.base + '/staff/notifications');
  assert.match(await owner.textContent('li.notification[data-kind=approved]'), /承認されました/);
  await click(owner, 'form[action="/staff/notifications/read"] button');
  assert.equal(await unread(owner), 'お知らせ');

  // The co-owner (ICT推進課 co-owns No.1) was told of nothing but the month.
  await coOwner.goto(t.base + '/staff/notifications');
  assert.equal(await coOwner.locator('li.notification').count(), 1);

  assert.deepEqual(t.problems, []);
});

test('mail preferences are checked and kept, the outbox is the administrators\'', async () => {
  const owner = await t.logIn('kikaku');
  await owner.goto(t.base + '/staff/account');
  assert.match(await owner.textContent('main'), /メールの送信が設定されていないため/);
  await owner.fill('#mail', 'kikaku@city');
  // The browser's own check of type=email would stop this address; the server's is tested.
  await owner.evaluate(() => document.querySelector('#mail').setAttribute('type', 'text'));
  await click(owner, 'form[action="/staff/account/mail"] button');
  assert.match(await owner.textContent('.notice.error'), /メールアドレス「kikaku@city」は正しくありません/);
  await owner.fill('#mail', 'kikaku@city.kawanishi.lg.jp');
  await owner.uncheck('#kind-month_opened');
  await owner.check('#digest');
  await click(owner, 'form[action="/staff/account/mail"] button');
  assert.equal(await owner.inputValue('#mail'), 'kikaku@city.kawanishi.lg.jp');
  assert.equal(await owner.isChecked('#kind-month_opened'), false);
  assert.equal(await owner.isChecked('#kind-returned'), true);
  assert.equal(await owner.isChecked('#digest'), true);

  const coordinator = await t.logIn('coordinator');
  const refused = await coordinator.goto(t.base + '/staff/mail');
  assert.equal(refused.status(), 403);
  const admin = await t.logIn('admin');
  await admin.goto(t.base + '/staff/mail');
  assert.match(await admin.textContent('main'), /メールの中継サーバー .* が設定されていないため/);
  assert.match(await admin.textContent('main'), /送信失敗 0 件/);

  // The public sees no notifications and cannot reach them.
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/');
  assert.equal(await citizen.locator('a.notifications').count(), 0);
  await citizen.goto(t.base + '/staff/notifications');
  assert.equal(new URL(citizen.url()).pathname, '/login');
  // The wrong address (400) and the coordinator's refusal (403) were meant.
  assert.deepEqual(t.problems, ['Failed to load resource: the server responded with a status of 400 (Bad Request)',
                                'Failed to load resource: the server responded with a status of 403 (Forbidden)']);
});
