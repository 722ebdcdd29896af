import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../platform/db/database.ts';
import { migrate } from '../../platform/db/migrations.ts';
import { migrationSources } from '../../app.ts';
import { seedTestPack } from '../../../test/support/platform.ts';
import { findService } from '../catalog/index.ts';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const FRAGMENT = path.join(ROOT, 'packs', 'fragments', 'environment.yaml');

/** `hanaro agency add` as an operator types it, against an embedded database in its own data folder. */
describe('hanaro agency add', () => {
  let dataDir: string;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-agency-cli-'));
    const database = await openDatabase({ url: '', dataDir });
    await migrate(database, migrationSources);
    await seedTestPack(database);
    await database.close();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const hanaro = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', HANARO_DATA_DIR: dataDir, LOG_LEVEL: 'silent' } });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('refuses a broken fragment with its errors by path, then adds the fixed one', async () => {
    const broken = path.join(dataDir, 'broken.yaml');
    fs.writeFileSync(broken, fs.readFileSync(FRAGMENT, 'utf8').replace('role: officer }]', 'role: minister }]'));
    const refused = await hanaro('agency', 'add', broken);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /staff\[0\]\.roles\[0\]\.role \(line \d+\): must be one of: officer, agency_admin, auditor/);
    const added = await hanaro('agency', 'add', FRAGMENT);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added the agency environment: 1 service\(s\) \(bulky-waste-collection\)/);
    const database = await openDatabase({ url: '', dataDir });
    try {
      assert.equal((await findService(database.db, 'bulky-waste-collection'))?.agency_id, 'environment');
    } finally {
      await database.close();
    }
  });
});
