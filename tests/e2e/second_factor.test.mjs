// Two-factor sign-in lived through the real pages: the administrator requires it of
// administrators and coordinators; the coordinator is held at the account page until they
// enrol an authenticator (its QR code and key), signs out, signs in with a code this test
// computes from the key as an authenticator app would (RFC 6238), then with a recovery code,
// which then no longer works; the administrator resets it when the phone is lost; an
// editor, of whom nothing is required, may still enrol.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { password, startTorikumi } from './harness.mjs';

let t;
before(async () => { t = await startTorikumi(); });
// The console's errors but for the loads these tests refuse on purpose (400, 401, 403).
const unexpected = () => t.problems.filter(
  (p) => !/^Failed to load resource: the server responded with a status of (400|401|403) /.test(p));
after(async () => { await t.stop(); });

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const c of text.replace(/[\s=]/g, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

// The six digits an authenticator app shows for `key` at `seconds` (HMAC-SHA1, 30 s steps).
function totp(key, seconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', base32Decode(key)).update(counter).digest();
  const offset = mac[19] & 15;
  const number = ((mac[offset] & 127) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) |
    mac[offset + 3];
  return String(number % 1000000).padStart(6, '0');
}

async function signOut(page) {
  await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
}

// Login and password on /login; the page then stands where the server sent it.
async function signIn(page, login) {
  await page.goto(t.base + '/login');
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
}

async function enterCode(page, code) {
  await page.fill('#code', code);
  await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
}

// Enrols an authenticator from the account page; returns its key and the recovery codes.
async function enrol(page) {
  await page.goto(t.base + '/staff/account');
  await Promise.all([page.waitForNavigation(),
    page.click('form[action="/staff/account/second-factor"] button')]);
  const enrolled = (await page.textContent('#totp-key')).replace(/\s/g, '');
  await page.fill('#code', totp(enrolled));
  await Promise.all([page.waitForNavigation(),
    page.click('form[action="/staff/account/second-factor/confirm"] button')]);
  const codes = await page.$$eval('ol.recovery-codes code', (list) => list.map((c) => c.textContent));
  return { key: enrolled, codes };
}

let key;
let recoveryCodes;
let adminKey;

test('the administrator requires a second factor, and the coordinator must enrol one first', async () => {
  const admin = await t.logIn('admin');
  await admin.goto(t.base + '/staff/municipality');
  await admin.check('#second-factor-required');
  await Promise.all([admin.waitForNavigation(),
    admin.click('form[action="/staff/municipality/second-factor"] button')]);
  // Required of administrators too: this one is held at the account page to enrol first.
  assert.equal(new URL(admin.url()).pathname, '/staff/account');
  assert.match(await admin.textContent('[role=alert]'), /二段階認証が必要です/);
  const enrolled = await enrol(admin);
  adminKey = enrolled.key;
  assert.equal(enrolled.codes.length, 10);
  await admin.goto(t.base + '/staff/municipality');
  assert.ok(await admin.isChecked('#second-factor-required'));

  const coordinator = await t.logIn('coordinator');
  // Every staff page leads to the account page until the second factor is enrolled.
  await coordinator.goto(t.base + '/staff/2025/');
  assert.equal(new URL(coordinator.url()).pathname, '/staff/account');
  assert.match(await coordinator.textContent('[role=alert]'), /二段階認証が必要です/);

  await Promise.all([coordinator.waitForNavigation(),
    coordinator.click('form[action="/staff/account/second-factor"] button')]);
  assert.equal(new URL(coordinator.url()).pathname, '/staff/account/second-factor');
  // The QR code is drawn on the server, as an image with a name; the key is its text
  // alternative.
  assert.equal(await coordinator.getAttribute('svg.qr-code', 'role'), 'img');
  assert.ok((await coordinator.getAttribute('svg.qr-code path', 'd')).length > 1000);
  key = (await coordinator.textContent('#totp-key')).replace(/\s/g, '');
  assert.match(key, /^[A-Z2-7]{32}$/);

  await coordinator.fill('#code', '000000');
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form[action="/staff/account/second-factor/confirm"] button')]);
  assert.match(await coordinator.textContent('[role=alert]'), /確認コードが違います/);
  assert.equal((await coordinator.textContent('#totp-key')).replace(/\s/g, ''), key);

  await coordinator.fill('#code', totp(key));
  await Promise.all([coordinator.waitForNavigation(), coordinator.click('form[action="/staff/account/second-factor/confirm"] button')]);
  recoveryCodes = await coordinator.$$eval('ol.recovery-codes code', (codes) => codes.map((c) => c.textContent));
  assert.equal(recoveryCodes.length, 10);
  assert.match(recoveryCodes[0], /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

  await coordinator.goto(t.base + '/staff/2025/');
  assert.equal(new URL(coordinator.url()).pathname, '/staff/2025/');
  await coordinator.goto(t.base + '/staff/account');
  assert.match(await coordinator.textContent('main'), /設定済みです。未使用の回復コード: 10 個/);
  // Required of a coordinator, it cannot be removed.
  assert.equal(await coordinator.$('form[action="/staff/account/second-factor/remove"]'), null);

  // The administrator sees it set.
  await admin.goto(t.base + '/staff/users/coordinator');
  assert.equal(await admin.textContent('.second-factor-state'), '二段階認証: 設定済み');
  assert.deepEqual(unexpected(), []);
});

test('the coordinator signs out and in with a code, then with a recovery code that then fails', async () => {
  const page = await t.logIn('coordinator');
  assert.equal(new URL(page.url()).pathname, '/login/code');
  // The password alone opens no staff page.
  assert.equal(new URL((await page.goto(t.base + '/staff/2025/')).url()).pathname, '/login');
  await signIn(page, 'coordinator');
  // The code of enrolment's time step is spent; the next step's, as a fast clock shows it,
  // is not.
  await enterCode(page, totp(key, Date.now() / 1000 + 30));
  assert.equal(new URL(page.url()).pathname, '/staff/2025/');
  assert.match(await page.textContent('header .account'), /企画太郎/);
  await signOut(page);

  await signIn(page, 'coordinator');
  await enterCode(page, recoveryCodes[0]);
  assert.equal(new URL(page.url()).pathname, '/staff/2025/');
  await signOut(page);

  await signIn(page, 'coordinator');
  await enterCode(page, recoveryCodes[0]);
  assert.equal(new URL(page.url()).pathname, '/login/code');
  assert.match(await page.textContent('[role=alert]'), /確認コードが違います/);
  await enterCode(page, recoveryCodes[1].toUpperCase());
  assert.equal(new URL(page.url()).pathname, '/staff/2025/');
  await page.goto(t.base + '/staff/account');
  assert.match(await page.textContent('main'), /未使用の回復コード: 8 個/);
  assert.deepEqual(unexpected(), []);
});

test('the administrator resets a lost second factor; an editor enrols one of their own accord', async () => {
  const admin = await t.logIn('admin');
  await enterCode(admin, totp(adminKey, Date.now() / 1000 + 30));
  await admin.goto(t.base + '/staff/users/coordinator');
  await Promise.all([admin.waitForNavigation(), admin.click('button[value=reset_second_factor]')]);
  assert.equal(await admin.textContent('.second-factor-state'), '二段階認証: 未設定');
  await admin.goto(t.base + '/staff/audit');
  assert.match(await admin.textContent('main'), /user\.second_factor\.reset/);

  // The coordinator signs in with the password alone, and must enrol again.
  const coordinator = await t.logIn('coordinator');
  assert.equal(new URL(coordinator.url()).pathname, '/staff/account');
  await coordinator.goto(t.base + '/staff/2025/');
  assert.equal(new URL(coordinator.url()).pathname, '/staff/account');

  const editor = await t.logIn('kikaku');
  await editor.goto(t.base + '/staff/2025/');
  assert.equal(new URL(editor.url()).pathname, '/staff/2025/');
  assert.equal((await enrol(editor)).codes.length, 10);
  // Not required of an editor: removable with the password.
  await editor.goto(t.base + '/staff/account');
  await editor.fill('#remove-password', password);
  await Promise.all([editor.waitForNavigation(),
    editor.click('form[action="/staff/account/second-factor/remove"] button')]);
  assert.match(await editor.textContent('main'), /二段階認証を設定する/);

  // The code page without a pending sign-in sends the public to the login form.
  const citizen = await t.newPage();
  await citizen.goto(t.base + '/login/code');
  assert.equal(new URL(citizen.url()).pathname, '/login');
  assert.deepEqual(unexpected(), []);
});
