import { loadConfig } from './platform/config.ts';
import { startTracing, stopTracing } from './platform/tracing/tracing.ts';
import { verifyAuditLog } from './platform/audit/audit.ts';
import { openAndMigrate, seedFromDir, seedPopulationFromDir } from './app.ts';
import { startNode, type RunningNode } from './start-node.ts';
import { loadPack, PackInvalidError } from './modules/packs/index.ts';
import { seedPack, type SeedReport } from './seed-pack.ts';
import { rotateSigningKeys } from './modules/sso/index.ts';
import { BACKUP_USAGE, backupCommand } from './modules/backups/index.ts';
import { AGENCY_USAGE, agencyCommand } from './modules/onboarding/index.ts';
import { API_KEY_USAGE, apiKeyCommand } from './modules/govstack-registration/index.ts';

const HELP = `Hanaro — one platform for every agency, one place for every resident.

Usage: hanaro <command>

  start                 migrate, load the country pack and serve the portal (PORT, default 8080)
  migrate               apply pending database migrations
  seed [--pack <dir>]   load a country pack into the database (idempotent); default HANARO_PACK or packs/demo
       [--residents [N]]  and a deterministic synthetic population of N residents (default 10000) in every registry
  pack validate <dir>   check a country pack and list every error
  audit verify          walk the audit log's hash chains and name the first broken entry
  oidc rotate-keys      start signing with the published next OpenID Provider keys, keep the old ones for verification
${AGENCY_USAGE}
${API_KEY_USAGE}
${BACKUP_USAGE}

Environment: DATABASE_URL (PostgreSQL; empty = embedded database in HANARO_DATA_DIR, default ./data),
PORT, HOST, PUBLIC_URL, HANARO_PACK, SECURE_COOKIES, LOG_LEVEL; backups: HANARO_BACKUP_STANZA, HANARO_BACKUP_CONFIG,
HANARO_BACKUP_SCRATCH_DIR, HANARO_PG_BIN_DIR, HANARO_PG_OS_USER (docs/operations.md). See README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': return start();
    case 'migrate': return runMigrate();
    case 'seed': return runSeed(optionValue(rest, '--pack'), populationSize(rest));
    case 'pack': return rest[0] === 'validate' && rest[1] ? validatePack(rest[1]) : usage();
    case 'audit': return rest[0] === 'verify' ? auditVerify() : usage();
    case 'oidc': return rest[0] === 'rotate-keys' ? rotateOidcKeys() : usage();
    case 'agency': return agencyCommand(rest, async () => {
      const config = loadConfig();
      return { database: (await openAndMigrate(config)).database, packDir: config.packDir, keySecret: config.documentKeySecret, publicUrl: config.publicUrl };
    }, seedPack);
    case 'api-key': return apiKeyCommand(rest, () => openAndMigrate(loadConfig()));
    case 'backup': return backupCommand(loadConfig(), rest);
    case 'help': case '--help': case '-h': case undefined: console.log(HELP); return command ? 0 : 2;
    default: return usage();
  }
}

function usage(): number {
  console.error(HELP);
  return 2;
}

/** `--residents N` (10,000 when no number follows), or undefined without the flag. */
function populationSize(args: string[]): number | undefined {
  const i = args.indexOf('--residents');
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) return 10_000;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error(`--residents needs a whole number from 1 to 10,000,000, not "${value}"`);
  return n;
}

function optionValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function start(): Promise<number> {
  const config = loadConfig();
  const started = performance.now();
  // Before the database opens, so its driver is traced too.
  const tracing = await startTracing(config.tracing);
  const starting: Promise<RunningNode> = startNode(config, {
    onRetry: (err, waitMs) => void starting.then((node) => node.app().log.warn({ err: (err as Error).message, retryInMs: waitMs }, 'the database is still unreachable: reduced service')),
  });
  // Heard from the first moment: a stop during migrations or the seed waits for them, then closes as usual.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    starting.then((running) => {
      running.app().log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
      return running.close();
    }).then(stopTracing).then(() => process.exit(0), (err) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const node = await starting;
  if (node.startedReduced) node.app().log.warn({ port: node.port() }, `the database cannot be reached: ${config.publicUrl} serves /status and says the rest is unavailable until it answers`);
  node.ready.then(({ platform, applied, seed }) => platform.app.log.info({
    migrationsApplied: applied.length, seed: seed ? summarize(seed) : 'skipped: the pack, onboarded agencies and migrations are as at the last seed', database: platform.database.kind,
    startupMs: Math.round(performance.now() - started), tracing: tracing ? config.tracing.endpoint : 'off', startedReduced: node.startedReduced,
  }, `Hanaro is serving ${config.publicUrl}`), (err: Error) => {
    console.error(err);
    process.exit(1);
  });
  return new Promise<number>(() => undefined);
}

async function runMigrate(): Promise<number> {
  const { database, applied } = await openAndMigrate(loadConfig());
  console.log(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'The database is up to date.');
  await database.close();
  return 0;
}

async function runSeed(packDir?: string, residents?: number): Promise<number> {
  const config = loadConfig();
  const { database } = await openAndMigrate(config);
  try {
    const report = await seedFromDir(database, packDir ?? config.packDir);
    console.log(`Seeded ${packDir ?? config.packDir}: ${summarize(report)}`);
    if (residents) await seedPopulationFromDir(database, packDir ?? config.packDir, residents);
    return 0;
  } finally {
    await database.close();
  }
}

function validatePack(dir: string): number {
  try {
    const pack = loadPack(dir);
    console.log(`${dir} is a valid country pack: ${pack.agencies.length} agencies, ${pack.services.length} services, ${pack.staff.length} staff, languages ${pack.country.languages.join(', ')}.`);
    return 0;
  } catch (err) {
    if (!(err instanceof PackInvalidError)) throw err;
    console.error(`${dir}: ${err.message}`);
    return 1;
  }
}

/** Running nodes pick the new keys up within a minute (modules/sso/index.ts). */
async function rotateOidcKeys(): Promise<number> {
  const config = loadConfig();
  const { database } = await openAndMigrate(config);
  try {
    await rotateSigningKeys(database.db, config.documentKeySecret, { actor: 'system:cli' });
    console.log('The OpenID Provider signs with its new keys; the previous ones stay published for verification.');
    return 0;
  } finally {
    await database.close();
  }
}

async function auditVerify(): Promise<number> {
  const { database } = await openAndMigrate(loadConfig());
  try {
    const result = await verifyAuditLog(database.db);
    if (!result.firstBreak) {
      console.log(`The audit log is intact: ${result.entries} entries in ${result.chains} chain(s).`);
      return 0;
    }
    const b = result.firstBreak;
    console.error(`The audit log is broken. First broken entry: id ${b.id} (chain ${b.chain}, entry ${b.seq}): ${b.reason}.`);
    return 1;
  } finally {
    await database.close();
  }
}

function summarize(report: SeedReport): string {
  return Object.entries(report).map(([kind, c]) => `${kind} ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged${c.retired ? `, ${c.retired} retired` : ''}`).join('; ');
}

main(process.argv.slice(2)).then((code) => {
  if (code !== undefined) process.exit(code);
}, (err: Error) => {
  console.error(err.message);
  process.exit(1);
});
