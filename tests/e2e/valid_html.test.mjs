// Every kind of page, public and staff, is valid HTML by the W3C's Nu validator.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startTorikumi } from './harness.mjs';

const vnu = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/vnu-jar/build/dist/vnu.jar');
let t;
before(async () => { t = await startTorikumi(); });
after(async () => { await t.stop(); });

test('public and staff pages validate', async () => {
  const pages = ['/2025/', '/2025/initiatives/1', '/2025/publications/', '/2025/downloads/', '/login', '/nothing',
                 '/2025/?q=審議会&section=企画政策課'];
  const staffPages = ['/staff/2025/', '/staff/2025/initiatives/1?month=4', '/staff/2025/initiatives/1/edit',
                      '/staff/2025/board?month=4', '/staff/2025/dashboard?month=4', '/staff/2025/publications',
                      '/staff/2025/settings', '/staff/2025/initiatives/1/history', '/staff/account',
                      '/staff/notifications', '/staff/2025/initiatives/1/indicators'];
  const dir = mkdtempSync(join(tmpdir(), 'torikumi-html-'));
  try {
    const files = [];
    const save = (name, html) => { const f = join(dir, `${files.length}.html`); writeFileSync(f, html); files.push(f); };
    const citizen = await t.newPage();
    for (const path of pages) {
      await citizen.goto(t.base + path);
      save(path, await citizen.content());
    }
    const coordinator = await t.logIn('coordinator');
    // Figures on No.1: an indicator with an actual, and the 全体達成率, so that its page
    // carries the chart (inline SVG) and its table.
    await coordinator.goto(t.base + '/staff/2025/board?month=4');
    await Promise.all([coordinator.waitForNavigation(), coordinator.click('text=4月の報告受付を開始')]);
    await coordinator.goto(t.base + '/staff/2025/initiatives/1/indicators');
    await coordinator.fill('#indicator-name-0', '電子申請の件数');
    await coordinator.fill('#indicator-unit-0', '件');
    await coordinator.fill('#indicator-target-0', '500');
    await Promise.all([coordinator.waitForNavigation(), coordinator.click('form.indicators-form button[type=submit]')]);
    await coordinator.goto(t.base + '/staff/2025/initiatives/1?month=4');
    await coordinator.fill('#progress-achievement', '15');
    await coordinator.fill('#actual-0', '42');
    await Promise.all([coordinator.waitForNavigation(), coordinator.click('button[value=save]')]);
    for (const path of staffPages) {
      const response = await coordinator.goto(t.base + path);
      assert.equal(response.status(), 200, path);
      save(path, await coordinator.content());
    }
    // A second factor being enrolled: its QR code is inline SVG.
    await coordinator.goto(t.base + '/staff/account');
    await Promise.all([coordinator.waitForNavigation(),
      coordinator.click('form[action="/staff/account/second-factor"] button')]);
    save('/staff/account/second-factor', await coordinator.content());
    const admin = await t.logIn('admin');
    for (const path of ['/staff/users', '/staff/users/kikaku', '/staff/audit', '/staff/security-events',
                        '/staff/municipality', '/staff/mail']) {
      const response = await admin.goto(t.base + path);
      assert.equal(response.status(), 200, path);
      save(path, await admin.content());
    }
    const result = spawnSync('java', ['-jar', vnu,
                                      '--errors-only', '--format', 'text', ...files], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr + result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
