// JIS X 8341-3:2016 level AA, as /accessibility states it: axe-core's WCAG 2.0/2.1 A and AA
// rules over every public and staff page, signed in as each role and in the states a
// reporting month goes through; the review cycle done with the keyboard alone, the focus
// visible at every step; and the twelve-month table read on a 390 px phone without
// horizontal scrolling.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { password, startTorikumi } from './harness.mjs';

const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let t;
before(async () => {
  t = await startTorikumi();
  t.addIctEditor();
});
after(async () => { await t.stop(); });

async function violations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function expectAccessible(page, path) {
  if (path) {
    const response = await page.goto(t.base + path);
    assert.ok(response.status() < 500, path);
  }
  assert.deepEqual({ page: path ?? page.url(), violations: await violations(page) },
                   { page: path ?? page.url(), violations: [] });
}

async function submitForm(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('every page, as every role and in every state of a month, has no WCAG A or AA violation', async () => {
  const citizen = await t.newPage();
  for (const path of ['/2025/', '/2025/?q=審議会&section=企画政策課', '/2025/initiatives/1', '/2025/publications/',
                      '/2025/downloads/', '/search?q=審議会', '/login', '/nothing', '/accessibility']) {
    await expectAccessible(citizen, path);
  }
  const coordinator = await t.logIn('coordinator');
  const owner = await t.logIn('ict');
  const coOwner = await t.logIn('kikaku');
  const admin = await t.logIn('admin');
  await coordinator.goto(t.base + '/staff/2025/board?month=4');
  await expectAccessible(coordinator);
  await submitForm(coordinator, 'text=4月の報告受付を開始');
  await coordinator.goto(t.base + '/staff/2025/initiatives/4/indicators');
  await expectAccessible(coordinator);
  await coordinator.fill('#indicator-name-0', '研修受講者数');
  await coordinator.fill('#indicator-unit-0', '人');
  await coordinator.fill('#indicator-target-0', '1200');
  await submitForm(coordinator, 'form.indicators-form button[type=submit]');
  await owner.goto(t.base + '/staff/2025/initiatives/4?month=4');
  await owner.fill('#progress-text', '4月の報告。');
  await owner.fill('#progress-achievement', '10');
  await owner.fill('#actual-0', '100');
  await submitForm(owner, 'button[value=submit]');
  await coOwner.goto(t.base + '/staff/2025/initiatives/4?month=4');
  await coOwner.fill('#progress-text', '共同所管の追記。');
  await submitForm(coOwner, 'button[value=save]');
  for (const [page, paths] of [
    [owner, ['/staff/2025/', '/staff/2025/initiatives/4?month=4', '/staff/2025/initiatives/4/edit', '/staff/account',
             '/staff/notifications', '/staff/2025/initiatives/4/indicators']],
    [coOwner, ['/staff/2025/initiatives/4?month=4', '/staff/2025/initiatives/1?month=4']],
    [coordinator, ['/staff/2025/initiatives/4?month=4', '/staff/2025/board?month=4', '/staff/2025/dashboard?month=4',
                   '/staff/2025/publications', '/staff/2025/settings', '/staff/2025/initiatives/4/history']],
    [admin, ['/staff/users', '/staff/users/kikaku', '/staff/audit', '/staff/security-events', '/staff/mail']]]) {
    for (const path of paths) await expectAccessible(page, path);
  }
  await owner.goto(t.base + '/staff/account');
  await submitForm(owner, 'form[action="/staff/account/second-factor"] button');
  await expectAccessible(owner);
  await coordinator.goto(t.base + '/staff/2025/settings');
  await coordinator.setInputFiles('#import-file', join(t.source, 'data/kawanishi-r7-process-sheet.tsv'));
  await submitForm(coordinator, 'form.import button[value=preview]');
  await expectAccessible(coordinator);
  await coordinator.goto(t.base + '/staff/2025/initiatives/4/edit');
  await coordinator.fill('#edit-title', '');
  await submitForm(coordinator, 'form.edit button[type=submit]');
  await expectAccessible(coordinator);  // a refused save, with its message
  // The refused save (400) and /nothing (404) were asked for; nothing else went wrong.
  assert.deepEqual(t.problems.filter((p) => !/status of (400|404)/.test(p)), []);
});

// Presses Tab until the element `selector` has the focus, checking at each stop that the
// focus can be seen.
async function tabTo(page, selector) {
  for (let presses = 0; presses < 300; presses++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate((wanted) => {
      const e = document.activeElement;
      if (!e || e === document.body) return { matches: false, visible: true };
      const style = getComputedStyle(e);
      return { matches: e.matches(wanted), visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
               what: e.outerHTML.slice(0, 80) };
    }, selector);
    assert.ok(focus.visible, `focus not visible on ${focus.what}`);
    if (focus.matches) return;
  }
  assert.fail(`Tab never reached ${selector} on ${page.url()}`);
}

async function enter(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

async function keyboardLogIn(login) {
  const page = await t.newPage();
  await page.goto(t.base + '/login');
  await tabTo(page, '#login');
  await page.keyboard.type(login);
  await tabTo(page, '#password');
  await page.keyboard.type(password);
  await enter(page);
  assert.match(page.url(), /\/staff\//);
  return page;
}

test('the review cycle with the keyboard alone, the focus visible at every step', async () => {
  const editor = await keyboardLogIn('kikaku');
  const coordinator = await keyboardLogIn('coordinator');
  await coordinator.goto(t.base + '/staff/2025/board?month=5');
  await tabTo(coordinator, 'form[action$="/months"] button');
  await enter(coordinator);

  await editor.goto(t.base + '/staff/2025/initiatives/2?month=5');
  await tabTo(editor, '#progress-text');
  await editor.keyboard.type('キーボードだけで書いた5月の報告。');
  await tabTo(editor, 'button[value=submit]');
  await enter(editor);
  assert.match(await editor.textContent('section.report'), /提出済み/);

  await coordinator.goto(t.base + '/staff/2025/initiatives/2?month=5');
  await tabTo(coordinator, '#review-comment');
  await coordinator.keyboard.type('日付を書いてください。');
  await tabTo(coordinator, 'form.review-form button[value=return]');
  await enter(coordinator);

  await editor.goto(t.base + '/staff/2025/initiatives/2?month=5');
  assert.match(await editor.textContent('section.report'), /日付を書いてください。/);
  await tabTo(editor, '#progress-text');
  await editor.keyboard.press('Control+A');
  await editor.keyboard.type('5月12日、キーボードだけで書いた報告。');
  await tabTo(editor, 'button[value=submit]');
  await enter(editor);

  await coordinator.goto(t.base + '/staff/2025/initiatives/2?month=5');
  await tabTo(coordinator, 'form.review-form button[value=approve]');
  await enter(coordinator);
  assert.match(await coordinator.textContent('section.report'), /承認済み/);

  await coordinator.goto(t.base + '/staff/2025/publications');
  await tabTo(coordinator, '#published-on');
  await tabTo(coordinator, 'form.publish button');
  await enter(coordinator);
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/initiatives/2');
  assert.match(await citizen.textContent('main'), /5月12日、キーボードだけで書いた報告。/);
});

test('on a 390 px phone the twelve-month table reads without horizontal scrolling', async () => {
  const phone = await t.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/2025/initiatives/1', '/2025/']) {
    await phone.goto(t.base + path);
    const widest = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(widest <= 390, `${path} is ${widest} px wide`);
  }
  await phone.goto(t.base + '/2025/initiatives/1');
  const cells = await phone.evaluate(() => [...document.querySelectorAll('table.months td')].map((td) => {
    const box = td.getBoundingClientRect();
    return { right: box.right, label: getComputedStyle(td, '::before').content };
  }));
  assert.ok(cells.length >= 24);
  for (const cell of cells) {
    assert.ok(cell.right <= 390, `a cell ends at ${cell.right} px`);
    assert.match(cell.label, /年度計画|進捗状況及び課題/);
  }
});
