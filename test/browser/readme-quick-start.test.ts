/**
 * The README's quick start, word for word, on a fresh clone: the start command it gives for another port,
 * then in Chromium the resident it names signs up, signs out, signs in with "Sign in" and files the
 * application it names, which My applications then lists. What is run and typed is read from README.md,
 * so a README that changes and no longer works fails here.
 *
 * The clone is `git clone` of this checkout's HEAD (committed work only) into a temporary folder. Its
 * node_modules is a symlink to this checkout's, instead of the README's `npm install`: the same packages
 * (package-lock.json is the same file), without minutes of copying. Nothing is built beforehand: the
 * first `npm start` compiles dist/ and creates the embedded database under the clone's ./data/, as a new
 * user's does. The environment is a bare one (PATH, HOME), as in a new user's shell.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { browserSuite, chromiumPath, fillSignUp, launchChromium } from '../support/browser.ts';
import { RESIDENT_PASSWORD } from '../support/platform.ts';
import { freePort } from '../support/ports.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const QUICK_START = /^## Quick start\n([\s\S]*?)^## /m.exec(README)?.[1] ?? '';

/** What the quick start says to run and to do, as it says it. */
function quickStart() {
  const install = /```sh\n(.*)\n```/.exec(QUICK_START)?.[1];
  const otherPort = /`(PORT=(\d+) npm start)` serves and signs in at (http:\/\/localhost:(\d+))/.exec(QUICK_START);
  const resident = /sign up as (\S+) \(ID number `([^`]+)`,\s+date of birth `([^`]+)`/.exec(QUICK_START);
  const service = /Apply for [^`]+ at `(\/services\/[\w-]+)`/.exec(QUICK_START);
  const listed = /My applications \(`(\/me\/applications)`\) lists it/.exec(QUICK_START);
  assert.ok(install && otherPort && resident && service && listed, 'the README\'s quick start says how to start, on which port, as whom to sign up and what to apply for');
  assert.equal(install, 'npm install && npm start');
  assert.equal(otherPort[2], otherPort[4], 'the address is on the port given');
  const [, name, idNumber, birthDate] = resident;
  // The resident is one of the demo residents the README lists.
  assert.match(README, new RegExp(`^\\| \`${idNumber}\` \\| ${name} \\| ${birthDate}`, 'm'));
  return { command: otherPort[1]!, port: otherPort[2]!, address: otherPort[3]!, resident: { name: name!, idNumber: idNumber!, birthDate: birthDate! }, service: service[1]!, applications: listed[1]! };
}

describe('the README\'s quick start on a fresh clone, in a real browser', browserSuite(), () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-readme-'));
  let group: number | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  after(async () => {
    try { if (group) process.kill(-group, 'SIGTERM'); } catch { /* gone already */ }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    try { if (group) process.kill(-group, 'SIGKILL'); } catch { /* gone already */ }
    // The link first, so that removing the clone never reaches into this checkout's node_modules.
    fs.rmSync(path.join(dir, 'node_modules'), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the start command for another port, then sign-up, sign-in and an application as the README says', { timeout: 600_000 }, async (t) => {
    const began = Date.now();
    const steps = quickStart();
    const clone = path.join(dir, 'hanaro');
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');

    const port = String(await freePort());
    const command = steps.command.replace(`PORT=${steps.port}`, `PORT=${port}`);
    const base = steps.address.replace(`:${steps.port}`, `:${port}`);
    const server = spawn('sh', ['-c', command], {
      cwd: clone, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME ?? os.homedir(), ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}) },
    });
    group = server.pid;
    let output = '';
    server.stderr.on('data', (chunk: Buffer) => { output += chunk; });
    exited = new Promise((resolve) => server.once('exit', resolve));
    const serving = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        const line = /"msg":"(Hanaro is serving [^"]*)"/.exec(output);
        if (line) resolve(line[1]!);
      });
      exited.then((code) => reject(new Error(`${command} exited (${String(code)}) before serving:\n${output.slice(-4000)}`)));
    });
    assert.equal(serving, `Hanaro is serving ${base}`, 'the start log names the address the README gives for that port');

    t.diagnostic(`serving after ${Math.round((Date.now() - began) / 1000)} s (clone, build, embedded database, demo pack)`);
    const browser = await launchChromium(chromiumPath()!);
    try {
      const page = await (await browser.newContext({ locale: 'en', viewport: { width: 360, height: 740 } })).newPage();
      assert.equal((await page.goto(base))?.status(), 200);
      await page.goto(`${base}/sign-up`);
      await fillSignUp(page, steps.resident);
      await page.click('form[action="/sign-up"] button[type=submit]');
      await page.waitForURL(`${base}/me`);
      await page.goto(`${base}/me/account`);
      await page.click('form[action="/sign-out"] button');
      await page.waitForURL(`${base}/`);

      // "Sign in" at the top: Hanaro's OpenID provider on this very port, whose login step is the sign-in page.
      await page.click('.header-nav a[href="/sign-in/start"]');
      await page.waitForURL((url) => url.origin === base && url.pathname === '/sign-in');
      await page.fill('#idNumber', steps.resident.idNumber);
      await page.fill('#password', RESIDENT_PASSWORD);
      await page.click('form[action="/sign-in"] button[type=submit]');
      await page.waitForURL(`${base}/me`);
      assert.match(await page.textContent('main') ?? '', new RegExp(steps.resident.name));

      // The application the README names, through the pack's form for it.
      await page.goto(base + steps.service);
      await page.click(`a[href="${steps.service}/apply"]`);
      await page.click('form[action$="/apply"] button[type=submit]');
      await page.waitForURL(/\/form\/request$/);
      await page.check('input[name=purpose][value=bank]');
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(/\/form\/contents$/);
      await page.check('input[name=includeAddressHistory][value=yes]');
      await page.fill('input[name=copies]', '1');
      await page.click('button[name=action][value=continue]');
      await page.waitForURL(/\/check$/);
      await page.click('form[action$="/submit"] button[type=submit]');
      await page.waitForURL(/submitted=1/);
      assert.match(await page.textContent('h1') ?? '', /Application submitted/);
      const reference = (await page.textContent('.reference'))!.trim();
      assert.match(reference, /^[A-Z]{2,3}-\d{4}-\d{6}$/);
      await page.goto(base + steps.applications);
      assert.ok(await page.isVisible(`text=${reference}`), `My applications lists ${reference}`);
      t.diagnostic(`the journey done after ${Math.round((Date.now() - began) / 1000)} s`);
    } finally {
      await browser.close();
    }
  });
});
