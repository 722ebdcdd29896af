/** The address sign-in sends people back to is the one they reached, on any port, unless PUBLIC_URL says otherwise. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './config.ts';

describe('configuration: PUBLIC_URL', () => {
  it('is the address listened on when it is not set: localhost on PORT', () => {
    assert.equal(loadConfig({}).publicUrl, 'http://localhost:8080');
    const other = loadConfig({ PORT: '28080' });
    assert.equal(other.publicUrl, 'http://localhost:28080');
    assert.equal(other.mailFrom, 'no-reply@localhost');
    assert.equal(loadConfig({ PORT: '28080', PUBLIC_URL: '' }).publicUrl, 'http://localhost:28080', 'set to nothing is not set');
  });

  it('is what is set behind a proxy, without a trailing slash', () => {
    const config = loadConfig({ PORT: '28080', PUBLIC_URL: 'https://gov.example/' });
    assert.equal(config.publicUrl, 'https://gov.example');
    assert.equal(config.mailFrom, 'no-reply@gov.example');
  });

  it('stops the start with a message naming it when it is not a URL', () => {
    assert.throws(() => loadConfig({ PUBLIC_URL: 'gov.example' }), /PUBLIC_URL/);
  });
});

describe('configuration: HANARO_PACK', () => {
  const shipped = path.resolve(import.meta.dirname, '..', '..', 'packs');
  it('takes the bare name of a pack that ships with Hanaro, wherever it is started', () => {
    assert.equal(loadConfig({ HANARO_PACK: 'govstack-testbed' }).packDir, path.join(shipped, 'govstack-testbed'));
    assert.equal(loadConfig({}).packDir, path.resolve('packs/demo'));
  });

  it('takes a folder as before, and a folder of that name in the working directory before a shipped pack', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-pack-'));
    assert.equal(loadConfig({ HANARO_PACK: dir }).packDir, dir);
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      fs.mkdirSync('demo');
      assert.equal(loadConfig({ HANARO_PACK: 'demo' }).packDir, path.join(fs.realpathSync(dir), 'demo'));
    } finally {
      process.chdir(cwd);
    }
  });
});
