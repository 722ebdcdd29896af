import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../../platform/db/database.ts';
import { migrate } from '../../platform/db/migrations.ts';
import { migrationSources } from '../../app.ts';
import { seedTestPack } from '../../../test/support/platform.ts';
import { findService } from '../catalog/index.ts';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const FRAGMENT = path.join(ROOT, 'packs', 'fragments', 'environment.yaml');

/** `hanaro agency add` and `rotate-keys` as an operator types them, against an embedded database in its own data folder. */
describe('hanaro agency', () => {
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

  it('rotates an agency\'s document signer for mobile ID credentials, and refuses an agency that issues none', async () => {
    for (let i = 0; i < 2; i++) {
      const rotated = await hanaro('agency', 'rotate-keys', 'interior', '--kind', 'credentials');
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, /The agency interior signs mobile ID credentials with a new document signer \(certificate [0-9a-f]+, subject alternative names url:http:\/\/localhost:8080, dns:localhost\)/);
    }
    const none = await hanaro('agency', 'rotate-keys', 'tax', '--kind', 'credentials');
    assert.equal(none.code, 1);
    assert.match(none.stderr, /the agency "tax" issues no mobile ID credentials: it has no document signer to rotate/);
    assert.match((await hanaro('agency', 'rotate-keys', 'nowhere', '--kind', 'credentials')).stderr, /there is no agency "nowhere"/);
    assert.match((await hanaro('agency', 'rotate-keys', 'interior', '--kind', 'passports')).stderr, /--kind must be one of: documents, exchange, credentials/);
    const database = await openDatabase({ url: '', dataDir });
    try {
      const keys = await sql<{ retired: boolean }>`select retired_at is not null as retired from credential_issuer_keys where agency_id = 'interior' and kind = 'document_signer' order by created_at`.execute(database.db);
      assert.deepEqual(keys.rows.map((r) => r.retired), [true, false], 'the first rotation made the signer, the second retired it');
    } finally {
      await database.close();
    }
  });
});
