// Starts torikumi on a fresh database and Chromium, and stops both: what every browser
// test needs. The torikumi binary comes from TORIKUMI_BIN, the seed from TORIKUMI_SOURCE_DIR.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const bin = process.env.TORIKUMI_BIN;
const source = process.env.TORIKUMI_SOURCE_DIR;
export const password = 'correct horse battery';

function run(args, input) {
  const result = spawnSync(bin, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`torikumi ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

// A port on 127.0.0.1 free a moment ago.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Whether `server` answers /healthz at `base` within a minute (a debug build under a loaded
// machine starts slowly); false at once if it ends.
async function listening(server, base) {
  let ended = false;
  server.once('exit', () => { ended = true; });
  for (let i = 0; i < 600 && !ended; i++) {
    try {
      if ((await fetch(base + '/healthz')).ok) return true;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export async function startTorikumi({ withSeed = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'torikumi-e2e-'));
  const db = join(dir, 'e2e.db');
  if (withSeed) {
    run(['import', join(source, 'data/kawanishi-r7-process-sheet.tsv'), '--db', db, '--publish', '2026-03-31']);
  }
  run(['user', 'add', 'admin', '--name', '管理者', '--role', 'administrator', '--db', db], password + '\n');
  run(['user', 'add', 'coordinator', '--name', '企画太郎', '--role', 'coordinator', '--db', db], password + '\n');
  run(['user', 'add', 'kikaku', '--name', '企画政策課 花子', '--role', 'editor', '--sections', '企画政策課', '--db', db],
      password + '\n');
  // The server looks for reminders due when it starts and then hourly, so that none arrives
  // in the middle of a test of what people do (tests/notify moves the clock for them).
  // A port the system has just given out is tried; one taken meanwhile (tests run two at a
  // time) ends the server at once, and another is tried.
  let server;
  let port;
  let log = '';
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    log = '';
    server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`],
                   { stdio: ['ignore', 'ignore', 'pipe'],
                     env: { ...process.env, TORIKUMI_NOTIFICATIONS_INTERVAL: '3600' } });
    // The server's log (standard error), read as it comes so that the server never waits on it.
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => { log += chunk; });
    if (await listening(server, `http://127.0.0.1:${port}`)) break;
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }
    if (attempt === 5) throw new Error(`torikumi serve did not start:\n${log}`);
  }
  const serverLog = () => log;
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  // A page in a browser context of its own; `contextOptions` as Playwright's newContext takes
  // them (javaScriptEnabled: false for the pages as plain HTML).
  async function newPage(contextOptions = {}) {
    const context = await browser.newContext(contextOptions);
    const page = await context.newPage();
    page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    return page;
  }
  async function logIn(login, contextOptions = {}) {
    const page = await newPage(contextOptions);
    await page.goto(base + '/login');
    await page.fill('#login', login);
    await page.fill('#password', password);
    await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
    return page;
  }
  async function stop() {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  // The command line on the same database, for what a test sets up before the pages.
  const cli = (args, input) => run([...args, '--db', db], input);
  // The owner of No.4 in the seed, beside the harness's kikaku (企画政策課, its co-owner).
  const addIctEditor = () => cli(['user', 'add', 'ict', '--name', 'ICT推進課 次郎', '--role', 'editor',
                                  '--sections', 'ICT推進課'], password + '\n');
  return { base, dir, db, source, newPage, logIn, stop, problems, cli, addIctEditor, serverLog,
           pid: server.pid };
}
