// Indicators and achievement as each role lives them, in a real browser. The coordinator
// defines an indicator on No.4 (ICT推進課's, co-owned by 企画政策課); the owner reports the
// 全体達成率 and actuals for April to June, typed as people type numbers; the coordinator
// returns May and approves April and June, and publishes. The co-owner sees the figures but
// is not asked for them; the public page's chart and table show only approved actuals.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); t.addIctEditor(); });
after(async () => { await t.stop(); });

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('actuals go from the owner through review to the public chart, approved only', async () => {
  const coordinator = await t.logIn('coordinator');
  for (const month of [4, 5, 6]) {
    await coordinator.goto(`${t.base}/staff/2025/board?month=${month}`);
    await submit(coordinator, `text=${month}月の報告受付を開始`);
  }

  // The coordinator defines the indicator; its yearly target is typed with a separator.
  await coordinator.goto(t.base + '/staff/2025/initiatives/4/indicators');
  await coordinator.fill('#indicator-name-0', '研修受講者数');
  await coordinator.fill('#indicator-unit-0', '人');
  await coordinator.selectOption('#indicator-kind-0', '単月');
  await coordinator.fill('#indicator-baseline-0', '800');
  await coordinator.fill('#indicator-baseline_year-0', '2024');
  await coordinator.fill('#indicator-target-0', '1,200');
  await coordinator.fill('#indicator-milestone-0-9', '６００');
  await submit(coordinator, 'form.indicators-form button[type=submit]');
  let page = await coordinator.textContent('main');
  assert.match(page, /研修受講者数（人）/);
  assert.match(page, /今年度の目標\s*1,200人/);
  assert.match(page, /9月末 600人/);

  // The owner reports April to June; a number with 約 is refused, naming the field, and what
  // was typed stays in the form.
  const owner = await t.logIn('ict');
  const reports = [[4, '１０', '１００'], [5, '20', '約200'], [6, '３０', '３００']];
  for (const [month, rate, actual] of reports) {
    await owner.goto(`${t.base}/staff/2025/initiatives/4?month=${month}`);
    await owner.fill('#progress-text', `${month}月は研修を実施した。`);
    await owner.fill('#progress-achievement', rate);
    await owner.fill('#actual-0', actual);
    await owner.fill('#actual-note-0', `${month}月の受講者`);
    await submit(owner, 'button[value=submit]');
    if (month === 5) {
      assert.match(await owner.textContent('main'),
                   /「5月の「研修受講者数」の実績値」には数だけを書いてください/);
      assert.equal(await owner.inputValue('#actual-0'), '約200');
      assert.equal(await owner.inputValue('#progress-text'), '5月は研修を実施した。');
      await owner.fill('#actual-0', '2,000');
      await submit(owner, 'button[value=submit]');
    }
    assert.match(await owner.textContent('section.report'), /提出済み/);
  }
  // An owner edits targets, not the definition.
  await owner.goto(t.base + '/staff/2025/initiatives/4/indicators');
  assert.equal(await owner.getAttribute('#indicator-name-0', 'readonly'), 'readonly');
  assert.equal(await owner.getAttribute('#indicator-target-0', 'readonly'), null);

  // The co-owner sees the figures on the page, but its note form asks for none.
  const coOwner = await t.logIn('kikaku');
  await coOwner.goto(t.base + '/staff/2025/initiatives/4?month=5');
  assert.equal(await coOwner.locator('#actual-0').count(), 0);
  assert.equal(await coOwner.locator('#progress-achievement').count(), 0);
  assert.match(await coOwner.textContent('main'), /研修受講者数（人）/);

  // The dashboard: 30% by June is under the straight path to 70% by September.
  await coordinator.goto(t.base + '/staff/2025/dashboard?month=6');
  const dashboard = await coordinator.textContent('main');
  assert.match(dashboard, /全体達成率が目標への道筋を下回っている年度目標[\s\S]*No\.4 生成AIによる業務効率化/);
  assert.match(dashboard, /部ごとの指標の状況/);

  // May's 2,000 is a typo: returned. April and June are approved.
  await coordinator.goto(t.base + '/staff/2025/initiatives/4?month=5');
  await coordinator.fill('#review-comment', '5月の受講者数を確かめてください。');
  await submit(coordinator, 'button[value=return]');
  for (const month of [4, 6]) {
    await coordinator.goto(`${t.base}/staff/2025/initiatives/4?month=${month}`);
    await submit(coordinator, 'button[value=approve]');
    assert.match(await coordinator.textContent('section.report'), /承認済み/);
  }
  await owner.goto(t.base + '/staff/2025/initiatives/4?month=5');
  assert.match(await owner.textContent('section.report'), /差し戻し/);
  assert.match(await owner.textContent('section.report'), /5月の受講者数を確かめてください。/);

  await coordinator.goto(t.base + '/staff/2025/publications');
  await coordinator.fill('#published-on', '2026-05-01');
  await submit(coordinator, 'form.publish button');

  // The public sees April and June, not the returned May; the chart has their two points,
  // and its table is its text alternative.
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/2025/initiatives/4');
  const rows = await citizen.$$eval('table.indicator-values tbody tr',
                                    (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
  assert.equal(rows[0], '4月 100 100 100 4月の受講者');
  assert.match(rows[1], /^5月 ― ―/);
  assert.match(rows[2], /^6月 300 400 /);
  assert.equal(await citizen.locator('svg.chart circle.actual').count(), 2);
  const describedBy = await citizen.getAttribute('svg.chart', 'aria-describedby');
  assert.equal(await citizen.locator(`#${describedBy}`).count(), 1);
  page = await citizen.textContent('main');
  assert.doesNotMatch(page, /2,000/);
  assert.match(page, /30%（6月時点）/);
  assert.match(page, /現在値\s*400人（6月時点）/);

  // The staff page shows the working figures, May's returned value included.
  await owner.goto(t.base + '/staff/2025/initiatives/4?month=5');
  assert.match(await owner.textContent('table.indicator-values'), /2,000/);

  // The one refused save answered 400, as it should; nothing else went wrong.
  assert.deepEqual(t.problems,
                   ['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
});
