import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { buildPlatform, type Platform } from '../../app.ts';
import { verifyAuditLog } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { databaseTargets } from '../../../test/support/databases.ts';
import { DEMO_RESIDENTS, migratedDatabase, seedTestPack, testConfig, Visitor } from '../../../test/support/platform.ts';
import { findStaffByEmail } from '../agencies/index.ts';
import { issueApiKey, REGISTRATION_SCOPES } from '../govstack-registration/index.ts';

/** Every statement sent through Kysely (BEGIN and COMMIT are not), named by its kind and first table or raw text. */
class StatementLog implements KyselyPlugin {
  statements: string[] = [];
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements.push(describeNode(args.node));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
  take(): string[] {
    const taken = this.statements;
    this.statements = [];
    return taken;
  }
}

function describeNode(node: RootOperationNode): string {
  const n = node as OperationNode & { sqlFragments?: readonly string[]; from?: { froms: { table?: { identifier?: { name: string } } }[] }; into?: { table: { identifier: { name: string } } }; table?: { table?: { identifier?: { name: string } } } };
  if (n.kind === 'RawNode') return n.sqlFragments!.join('?').replace(/\s+/g, ' ').trim().slice(0, 80);
  const table = n.into?.table.identifier.name ?? n.from?.froms[0]?.table?.identifier?.name ?? n.table?.table?.identifier?.name ?? '?';
  return `${n.kind.replace('Node', '')} ${table}`;
}

const MEDIATOR = 'eGovStack/GOV/90000009/digitalregistries';
const SERVICE = 'resident-registration-certificate';

/**
 * How many statements one filing sends, so that a change which adds round trips to the hot path
 * shows here. The ceilings are the counts measured when the path was made short (issue 18): raise
 * one only with a reason.
 */
for (const target of databaseTargets()) {
  describe(`statements per filing [${target.name}]`, () => {
    let database: Database;
    let platform: Platform;
    const statements = new StatementLog();
    let apiKey = '';

    before(async () => {
      database = await migratedDatabase(target);
      await seedTestPack(database);
      platform = await buildPlatform(testConfig(), { ...database, db: database.db.withPlugin(statements) }, { jobs: false });
      await platform.app.ready();
      const admin = (await findStaffByEmail(database.db, 'admin.interior@demo.hanaro.example'))!;
      const issued = await issueApiKey(database.db, agencyScope('interior'), { label: 'round trips', scopes: [REGISTRATION_SCOPES.apply] }, { staffId: admin.id, who: { actor: `staff:${admin.id}` } });
      assert.ok(issued.ok);
      apiKey = issued.secret;
    });
    after(async () => {
      await platform.app.close();
      await database.close();
    });

    const file = (n: number) => platform.app.inject({
      method: 'POST', url: `/govstack/registration/services/${SERVICE}/applications`,
      headers: { authorization: `Bearer ${apiKey}`, 'information-mediator-client': MEDIATOR, 'idempotency-key': `round-trips-${n}`, 'accept-language': 'en' },
      payload: { applicantId: DEMO_RESIDENTS.minjun.idNumber, formData: { data: { purpose: 'bank', includeAddressHistory: 'no', copies: 1 } } },
    });

    it('files an application through the Registration API in a handful of statements', async () => {
      assert.equal((await file(0)).statusCode, 200, 'the first filing warms the caches');
      statements.take();
      const res = await file(1);
      assert.equal(res.statusCode, 200, res.body);
      const sent = statements.take();
      assert.ok(sent.length <= 11, `${sent.length} statements:\n${sent.join('\n')}`);
    });

    it('submits a resident\'s eForm in a handful of statements', async () => {
      const resident = new Visitor(platform.app, { 'accept-language': 'en' });
      await resident.signUp(DEMO_RESIDENTS.mirae, { email: 'mirae@example.org' });
      const started = await resident.post(`/services/${SERVICE}/apply`, {}, `/services/${SERVICE}/apply`);
      const id = /\/me\/applications\/([0-9a-f-]{36})/.exec(started.headers.location ?? '')![1]!;
      await resident.post(`/me/applications/${id}/form/request`, { purpose: 'bank', action: 'continue' }, `/me/applications/${id}/form/request`);
      await resident.post(`/me/applications/${id}/form/contents`, { includeAddressHistory: 'no', copies: '1', action: 'continue' }, `/me/applications/${id}/form/contents`);
      await resident.get(`/me/applications/${id}/check`);
      statements.take();
      // The post loads the check page first (for its CSRF token): what that costs is not the submit's.
      await resident.get(`/me/applications/${id}/check`);
      const page = statements.take().length;
      const submitted = await resident.post(`/me/applications/${id}/submit`, {}, `/me/applications/${id}/check`);
      assert.equal(submitted.headers.location, `/me/applications/${id}?submitted=1`);
      const sent = statements.take().slice(page);
      assert.ok(sent.length <= 11, `${sent.length} statements:\n${sent.join('\n')}`);
      assert.equal((await verifyAuditLog(database.db)).firstBreak, null);
    });

    it('takes 32 filings to one agency at once, all of them, on more than one chain shard, and the chains verify', async () => {
      const before = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'application.submitted'`.execute(database.db);
      const answers = await Promise.all(Array.from({ length: 32 }, (_, i) => file(100 + i)));
      assert.deepEqual(answers.map((r) => r.statusCode), Array(32).fill(200), answers.find((r) => r.statusCode !== 200)?.body);
      const { rows } = await sql<{ n: number; shards: number }>`select count(*)::int as n, count(distinct chain)::int as shards from audit_log
        where action = 'application.submitted'`.execute(database.db);
      assert.equal(rows[0]!.n - before.rows[0]!.n, 32);
      // Each transaction locks only its own shard of the agency's chain (CHAIN_SHARDS): they do not all queue on one lock.
      assert.ok(rows[0]!.shards > 1, 'every filing took the same chain lock');
      assert.equal((await verifyAuditLog(database.db)).firstBreak, null);
    });
  });
}
