// The steps of a municipal year that are not the monthly cycle, lived through the real pages
// as each role that takes them, and checked as each role that sees the result: the
// municipality named, a mistaken publication withdrawn, an initiative added and another
// abolished, an editor moved to another section for the year (人事異動), a mistaken year
// deleted, and the years switched between.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); });
// The console's errors but for the loads these tests refuse on purpose (400, 403, 404, 409, 410).
const unexpected = () => t.problems.filter(
  (p) => !/^Failed to load resource: the server responded with a status of (400|403|404|409|410) /.test(p));
after(async () => { await t.stop(); });

test('the administrator names the municipality, and every public page and file says it', async () => {
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/');
  assert.doesNotMatch(await citizen.title(), /川西市/);

  const admin = await t.logIn('admin');
  await admin.goto(t.base + '/staff/2025/');
  await Promise.all([admin.waitForNavigation(), admin.click('a[href="/staff/municipality"]')]);
  await admin.fill('#municipality-code', '282170');  // a wrong check digit
  await admin.fill('#municipality-name', '川西市');
  await Promise.all([admin.waitForNavigation(), admin.click('form.edit button')]);
  assert.match(await admin.textContent('[role=alert]'), /全国地方公共団体コード/);
  await admin.fill('#municipality-code', '282171');
  await Promise.all([admin.waitForNavigation(), admin.click('form.edit button')]);
  assert.match(await admin.textContent('[role=status]'), /保存しました/);
  assert.equal(await admin.inputValue('#municipality-name'), '川西市');

  const coordinator = await t.logIn('coordinator');
  assert.equal((await coordinator.goto(t.base + '/staff/municipality')).status(), 403);

  await citizen.goto(t.base + '/2025/');
  assert.equal(await citizen.title(), '川西市 令和7年度（2025年度） 取組実施プロセスシート');
  assert.match(await citizen.textContent('h1'), /^川西市 令和7年度/);
  assert.match(await citizen.textContent('header .brand'), /川西市/);
  await citizen.goto(t.base + '/2025/initiatives/1');
  assert.match(await citizen.title(), /^川西市 No\.1 /);
  await citizen.goto(t.base + '/2025/downloads/');
  assert.match(await citizen.title(), /^川西市 /);
  const href = await citizen.getAttribute('main a[href$=".tsv"]', 'href');
  const file = await citizen.request.get(new URL(href, t.base + '/2025/downloads/').href);
  assert.match(await file.text(), /川西市 令和7年度 取組実施プロセスシート/);
  assert.deepEqual(unexpected(), []);
});

test('a mistaken publication is withdrawn with its reason, and the one before is the latest again', async () => {
  const coordinator = await t.logIn('coordinator');
  await coordinator.goto(t.base + '/staff/2025/publications');
  await coordinator.fill('#published-on', '2026-04-30');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.publish button')]);
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/');
  assert.match(await citizen.textContent('main'), /2026年4月30日 公開/);

  // The newest publication's withdraw form comes first.
  const action = await coordinator.getAttribute('form.withdraw', 'action');
  const id = action.match(/publications\/(\d+)\/withdraw/)[1];
  await coordinator.fill('form.withdraw textarea', '公開日の誤りのため取り下げます。');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.withdraw button')]);
  assert.match(await coordinator.textContent('main'), /取り下げ済み.*公開日の誤りのため取り下げます。/s);

  const gone = await citizen.goto(t.base + `/2025/publications/${id}/`);
  assert.equal(gone.status(), 410);
  assert.match(await citizen.textContent('main'), /公開日の誤りのため取り下げます。/);
  await citizen.goto(t.base + '/2025/publications/');
  const history = await citizen.textContent('main');
  assert.match(history, /2026年4月30日 公開（.*取り下げ。理由: 公開日の誤りのため取り下げます。）/);
  assert.match(history, /2026年3月31日 公開（最新）/);
  await citizen.goto(t.base + '/2025/');
  assert.match(await citizen.textContent('main'), /2026年3月31日 公開/);
  assert.equal((await citizen.goto(t.base + `/2025/publications/${id}/downloads/`)).status(), 410);

  const admin = await t.logIn('admin');
  await admin.goto(t.base + '/staff/audit');
  assert.match(await admin.textContent('main'), /公開の取り下げ/);
  // An editor sees the history but no form to withdraw with.
  const editor = await t.logIn('kikaku');
  await editor.goto(t.base + '/staff/2025/publications');
  assert.match(await editor.textContent('main'), /取り下げ済み/);
  assert.equal(await editor.$('form.withdraw'), null);
  assert.deepEqual(unexpected(), []);
});

test('a coordinator adds an initiative, its section edits it, and the public sees it once published', async () => {
  const coordinator = await t.logIn('coordinator');
  await coordinator.goto(t.base + '/staff/2025/');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('a[href="/staff/2025/initiatives/new"]')]);
  assert.equal(await coordinator.inputValue('#new-no'), '5');  // one past the largest
  await coordinator.fill('#edit-title', '新たに始めた取組');
  await coordinator.fill('#edit-section', '企画政策課');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.edit button[type=submit]')]);
  assert.match(coordinator.url(), /\/staff\/2025\/initiatives\/5\?saved=1$/);
  assert.match(await coordinator.textContent('h1'), /No\.5 新たに始めた取組/);

  const editor = await t.logIn('kikaku');  // 企画政策課
  await editor.goto(t.base + '/staff/2025/initiatives/5/edit');
  await editor.fill('#edit-overview', '所管課が書いた概要');
  await Promise.all([editor.waitForNavigation(), editor.click('form.edit button[type=submit]')]);
  assert.match(await editor.textContent('main'), /所管課が書いた概要/);
  const citizen = await t.newPage();
  assert.equal((await citizen.goto(t.base + '/2025/initiatives/5')).status(), 404);

  // A mistaken one, never published, is deleted; one once published is not.
  await coordinator.goto(t.base + '/staff/2025/initiatives/new');
  await coordinator.fill('#edit-title', '誤って追加した取組');
  await coordinator.fill('#edit-section', '企画政策課');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.edit button[type=submit]')]);
  await coordinator.goto(t.base + '/staff/2025/initiatives/6/edit');
  await coordinator.fill('#delete-confirm', '6');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.delete button')]);
  assert.equal((await coordinator.goto(t.base + '/staff/2025/initiatives/6')).status(), 404);
  await coordinator.goto(t.base + '/staff/2025/initiatives/1/edit');
  await coordinator.fill('#delete-confirm', '1');
  const [kept] = await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.delete button')]);
  assert.equal(kept.status(), 409);

  await coordinator.goto(t.base + '/staff/2025/publications');
  await coordinator.fill('#published-on', '2026-05-31');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.publish button')]);
  await citizen.goto(t.base + '/2025/initiatives/5');
  assert.match(await citizen.textContent('main'), /新たに始めた取組/);
  assert.match(await citizen.textContent('main'), /所管課が書いた概要/);
  assert.deepEqual(unexpected(), []);
});

test('a published initiative is abolished with its reason: no report is asked, and the public reads why', async () => {
  const coordinator = await t.logIn('coordinator');
  await coordinator.goto(t.base + '/staff/2025/initiatives/2/edit');
  await coordinator.check('#ending-abolished');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.ending-form button')]);
  assert.match(await coordinator.textContent('main'), /理由を入力してください/);  // a reason is required
  await coordinator.check('#ending-abolished');
  await coordinator.fill('#ending-reason', '国の補助制度の終了に伴い、令和7年9月で取りやめました。');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.ending-form button')]);
  assert.match(coordinator.url(), /\/staff\/2025\/initiatives\/2\?saved=1$/);
  assert.match(await coordinator.textContent('.ending'), /この取組は廃止されました。.*令和7年9月で取りやめました。/s);

  // Its section's editor sees it ended, cannot take the ending back, and is asked no report.
  const editor = await t.logIn('kikaku');
  await editor.goto(t.base + '/staff/2025/');
  assert.match(await editor.textContent('tr:has(a[href="/staff/2025/initiatives/2"]) .ended'), /廃止/);
  await editor.goto(t.base + '/staff/2025/initiatives/2/edit');
  assert.equal(await editor.$('form.ending-form'), null);
  await editor.goto(t.base + '/staff/2025/board?month=4');
  assert.equal(await editor.$('main a[href^="/staff/2025/initiatives/2"]'), null);
  assert.ok(await editor.$('main a[href^="/staff/2025/initiatives/1"]'));

  // The public reads it in the next publication, on the page, in the list and in the file.
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/initiatives/2');
  assert.equal(await citizen.$('.ending'), null);
  await coordinator.goto(t.base + '/staff/2025/publications');
  await coordinator.fill('#published-on', '2026-06-30');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.publish button')]);
  await citizen.goto(t.base + '/2025/initiatives/2');
  assert.match(await citizen.textContent('.ending'), /廃止されました。.*国の補助制度の終了に伴い/s);
  await citizen.goto(t.base + '/2025/');
  assert.match(await citizen.textContent('tr:has(a[href$="/initiatives/2"]) .ended'), /廃止/);
  const downloads = await citizen.goto(t.base + '/2025/downloads/');
  assert.equal(downloads.status(), 200);
  const href = await citizen.getAttribute('main a[href$=".tsv"]', 'href');
  const file = await citizen.request.get(new URL(href, t.base + '/2025/downloads/').href);
  assert.match(await file.text(), /【廃止】国の補助制度の終了に伴い/);
  assert.deepEqual(unexpected(), []);
});

test('人事異動: an editor moved to another section for the year edits its initiatives, not the old ones', async () => {
  const admin = await t.logIn('admin');
  await admin.goto(t.base + '/staff/users');
  await Promise.all([admin.waitForNavigation(), admin.click('a[href="/staff/users/kikaku"]')]);
  await admin.selectOption('#user-year', '2025');
  await admin.fill('#user-sections', 'ICT推進課');
  await Promise.all([admin.waitForNavigation(), admin.click('form.edit-user button')]);
  assert.match(await admin.textContent('main'), /令和7年度.*の担当課: ICT推進課/s);
  await admin.goto(t.base + '/staff/users');
  assert.match(await admin.textContent('main'), /企画政策課（令和7年度.*: ICT推進課）/s);

  const editor = await t.logIn('kikaku');
  await editor.goto(t.base + '/staff/2025/initiatives/3');  // ICT推進課's
  assert.ok(await editor.$('a[href$="/initiatives/3/edit"]'), 'the new section’s initiative is editable');
  assert.equal((await editor.goto(t.base + '/staff/2025/initiatives/3/edit')).status(), 200);
  assert.equal((await editor.goto(t.base + '/staff/2025/initiatives/1/edit')).status(), 403);
  await editor.goto(t.base + '/staff/2025/initiatives/1');
  assert.equal(await editor.$('a[href$="/initiatives/1/edit"]'), null);

  // A password the administrator resets is the user's to change before anything else.
  await admin.goto(t.base + '/staff/users/kikaku');
  await Promise.all([admin.waitForNavigation(), admin.click('button[value=reset_password]')]);
  const shown = (await admin.textContent('[role=status]')).match(/\(次回ログイン時に変更\): ([A-Za-z0-9]{16})/)[1];
  const again = await t.newPage();
  await again.goto(t.base + '/login');
  await again.fill('#login', 'kikaku');
  await again.fill('#password', shown);
  await Promise.all([again.waitForNavigation(), again.click('form.login button')]);
  await again.goto(t.base + '/staff/2025/');
  assert.match(again.url(), /\/staff\/account$/);
  assert.match(await again.textContent('main'), /新しいパスワードを設定してください/);
  await again.fill('#current-password', 'a wrong password');
  await again.fill('#new-password', 'a brand new password');
  await Promise.all([again.waitForNavigation(), again.click('form[action="/staff/account/password"] button')]);
  assert.match(await again.textContent('[role=alert]'), /現在のパスワードが正しくありません/);
  await again.fill('#current-password', shown);
  await again.fill('#new-password', 'a brand new password');
  await Promise.all([again.waitForNavigation(), again.click('form[action="/staff/account/password"] button')]);
  await again.fill('#login', 'kikaku');
  await again.fill('#password', 'a brand new password');
  await Promise.all([again.waitForNavigation(), again.click('form.login button')]);
  await again.goto(t.base + '/staff/2025/');
  assert.match(again.url(), /\/staff\/2025\/$/);
  assert.deepEqual(unexpected(), []);
});

test('a mistaken year is deleted, a published one stays, and every year is a click away', async () => {
  const coordinator = await t.logIn('coordinator');
  await coordinator.goto(t.base + '/staff/2025/settings');
  await Promise.all([coordinator.waitForNavigation(),
                     coordinator.click('form[action$="settings/carry-over"] button')]);
  assert.match(coordinator.url(), /\/staff\/2026\/$/);
  // What was abolished stays with 2025.
  assert.equal(await coordinator.$('a[href="/staff/2026/initiatives/2"]'), null);
  assert.ok(await coordinator.$('a[href="/staff/2026/initiatives/1"]'));
  // The switcher leads back to 2025.
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('nav.years a[href="/staff/2025/"]')]);
  assert.match(await coordinator.textContent('nav.years [aria-current]'), /令和7年度/);

  await coordinator.goto(t.base + '/staff/2026/settings');
  await coordinator.fill('#delete-confirm', '2025');  // the wrong year: refused
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form[action$="settings/delete"] button')]);
  assert.match(await coordinator.textContent('main'), /確認のため西暦の年度を入力してください/);
  await coordinator.fill('#delete-confirm', '2026');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form[action$="settings/delete"] button')]);
  assert.match(coordinator.url(), /\/staff\/2025\/$/);
  assert.equal(await coordinator.$('nav.years'), null);  // one year left
  assert.equal((await coordinator.goto(t.base + '/staff/2026/')).status(), 404);

  await coordinator.goto(t.base + '/staff/2025/settings');
  await coordinator.fill('#delete-confirm', '2025');
  const refused = await Promise.all([coordinator.waitForNavigation(),
                                     coordinator.click('form[action$="settings/delete"] button')]);
  assert.equal(refused[0].status(), 409);
  assert.match(await coordinator.textContent('main'), /公開されたことがあるため削除できません/);

  t.addIctEditor();
  const editor = await t.logIn('ict');
  assert.equal((await editor.goto(t.base + '/staff/2025/settings')).status(), 403);
  const citizen = await t.newPage();
  assert.equal((await citizen.goto(t.base + '/2025/')).status(), 200);  // the published year stays
  assert.deepEqual(unexpected(), []);
});
