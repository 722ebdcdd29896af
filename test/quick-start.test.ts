/**
 * The README's quick start as a new user runs it: `npm start` on a port of their own signs in on that
 * port, and SIGTERM to npm (what a terminal, a container or a supervisor sends) closes the port. On an
 * unsupported Node it refuses to start, in one line.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from './support/ports.ts';

const ROOT = path.join(import.meta.dirname, '..');
// @ts-expect-error: a plain JavaScript script without types
const { nodeVersionProblem } = await import('../scripts/node-version.mjs') as { nodeVersionProblem(version: string, range?: string): string | null };

/** Whether something accepts connections on 127.0.0.1:port now. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start on a port of its own', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hanaro-quick-start-'));
  let group: number | undefined;
  after(() => {
    // Whatever npm left behind, even a server it failed to stop, goes with its process group.
    try { if (group) process.kill(-group, 'SIGKILL'); } catch { /* the group is gone already */ }
    rmSync(dataDir, { recursive: true, force: true });
  });

  // A fresh clone builds dist/ first (scripts/start.mjs), a minute or two on a small machine.
  it('serves and signs in on that port, and SIGTERM to npm closes the port', { timeout: 300_000 }, async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', HANARO_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' };
    delete env.PUBLIC_URL;
    const npm = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    group = npm.pid;
    let output = '';
    npm.stderr.on('data', (chunk: Buffer) => { output += chunk; });
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    const serving = await new Promise<string>((resolve, reject) => {
      npm.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        const line = /"msg":"(Hanaro is serving [^"]*)"/.exec(output);
        if (line) resolve(line[1]!);
      });
      exited.then((code) => reject(new Error(`npm start exited (${code}) before serving:\n${output.slice(-4000)}`)));
    });
    const here = `http://localhost:${port}`;
    assert.equal(serving, `Hanaro is serving ${here}`, 'the start log names the address listened on');

    const start = await fetch(`http://localhost:${port}/sign-in/start`, { redirect: 'manual', headers: { 'accept-language': 'en' } });
    const location = new URL(start.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, `${here}/oidc/auth`, 'sign-in goes to the provider on this port');
    assert.equal(location.searchParams.get('redirect_uri'), `${here}/sign-in/callback`);
    const discovery = await (await fetch(`http://localhost:${port}/oidc/.well-known/openid-configuration`)).json() as { issuer: string };
    assert.equal(discovery.issuer, `${here}/oidc`);

    npm.kill('SIGTERM');
    assert.equal(await exited, 0, `npm start stops cleanly:\n${output.slice(-2000)}`);
    assert.match(output, /shutting down: finishing in-flight requests and jobs/);
    assert.equal(await listening(port), false, 'nothing serves the port once npm has exited');
  });
});

describe('an unsupported Node', () => {
  it('is named, with what to do, in one line', () => {
    const problem = nodeVersionProblem('v20.19.2');
    assert.match(problem ?? '', /^Hanaro needs Node\.js 24 or later, and this is Node\.js v20\.19\.2: .*npm install -g --force node@24, then hash -r/);
    assert.doesNotMatch(problem ?? '', /\n/);
    assert.match(nodeVersionProblem('v18.0.0', '>=26') ?? '', /needs Node\.js 26 or later/);
  });

  it('is not refused from 24 on', () => {
    for (const version of ['v24.0.0', 'v24.21.0', 'v25.2.1']) assert.equal(nodeVersionProblem(version), null, version);
  });

  for (const script of ['scripts/start.mjs', 'bin/hanaro.js']) {
    it(`stops ${script} at once with that line and exit code 1`, () => {
      // This Node as if it were Debian 13's.
      const oldNode = 'data:text/javascript,Object.defineProperty(process,"version",{value:"v20.19.2"})';
      const run = spawnSync(process.execPath, ['--import', oldNode, script, 'start'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PORT: '1' } });
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `${nodeVersionProblem('v20.19.2')}\n`);
    });
  }
});
