/**
 * What counting a request against its agency's quota costs: `npx tsx bench/request-quota.ts [-- --calls N]`.
 * RequestQuotas over a fresh PostgreSQL database (the demo pack seeded, every agency given a quota):
 * N calls of hit() (default 2,000,000) spread over the demo's agencies at the real clock, so the
 * version check every 5 s reads the database as it would in production. Prints one line.
 */
import { openDatabase } from '../src/platform/db/database.ts';
import { RequestQuotas } from '../src/modules/onboarding/request-quota.ts';
import { saveQuotas } from '../src/modules/onboarding/store.ts';
import { freshDatabase, log, migrateAndSeedDemo, option, runBench } from './support.ts';

const CALLS = Number(option('--calls', '2000000'));
const AGENCIES = ['interior', 'police', 'health', 'tax', 'land', 'welfare', 'foreign'];

runBench(async () => {
  const fresh = await freshDatabase();
  const database = await openDatabase({ url: fresh.url, dataDir: '' });
  try {
    await migrateAndSeedDemo(database);
    await database.db.transaction().execute(async (trx) => {
      for (const a of AGENCIES) await saveQuotas(trx, a, { requestsPerMinute: 1_000_000_000, storageBytes: 0 });
    });
    const quotas = new RequestQuotas(database.db);
    await quotas.reload();
    const started = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await quotas.hit(AGENCIES[i % AGENCIES.length]!);
    const ns = Number(process.hrtime.bigint() - started) / CALLS;
    log(`RequestQuotas.hit: ${ns.toFixed(0)} ns per request over ${CALLS.toLocaleString('en')} calls (${AGENCIES.length} agencies with a quota)`);
  } finally {
    await database.close();
    await fresh.drop();
  }
});
