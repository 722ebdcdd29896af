/**
 * The audit log and personal-data reads at scale: `npm run bench:audit-scale [-- --rows 10000000 --agencies 2000
 * --months 12 --reads 2000000 --applications 1000000 --keep]`. On a fresh PostgreSQL database (migrated, demo pack
 * seeded; dropped afterwards unless --keep) it fills `audit_log` with `--rows` entries over the last `--months`
 * months, `--agencies` agencies on their 8 chain shards each (and the platform's), hashed by `hashOf` exactly as
 * audit_append chains them, so `audit verify` passes; `personal_data_reads` with `--reads` rows for 100,000 residents;
 * `applications` with `--applications` filings to the demo agencies. Then it runs `hanaro audit verify` as its own
 * process (time, peak RSS), the queries the app runs (an agency's recent audit entries, a resident's "who used my
 * data", an officer's queue, appending an entry) with EXPLAIN (how many months each read), the same on unpartitioned
 * copies of both tables (the layout before platform migration 0006), and verify again after one entry is edited.
 * `--sql-fill` computes the chains in PostgreSQL instead (one recursive query, a step of every chain per
 * iteration, the same hashed text audit_append builds (details canonical, as a JSON string); verify passing shows it matches). `--no-flat` skips the unpartitioned copies (at 10 million rows they double the fill). `--reuse NAME` measures a database a --keep run left. Prints a markdown report to stdout; progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { CHAIN_SHARDS, hashOf, recordAudit } from '../src/platform/audit/audit.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { databaseUrl, freshDatabase, log, migrateAndSeedDemo, option, percentile, ROOT, runBench } from './support.ts';

const ROWS = Number(option('--rows', '1000000'));
const AGENCIES = Number(option('--agencies', '2000'));
const MONTHS = Number(option('--months', '12'));
const READS = Number(option('--reads', String(Math.round(ROWS / 5))));
const APPLICATIONS = Number(option('--applications', String(Math.round(ROWS / 10))));
const REUSE = option('--reuse', '');
const KEEP = process.argv.includes('--keep') || REUSE !== '';
const FLAT = !process.argv.includes('--no-flat');
const SQL_FILL = process.argv.includes('--sql-fill');
const RESIDENTS = 100_000;
const BATCH = 10_000;
const SAMPLES = 25;
for (const [name, n] of Object.entries({ ROWS, AGENCIES, MONTHS, READS, APPLICATIONS })) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name.toLowerCase()} must be a positive whole number`);
}

const agencyId = (n: number) => `bench-${String(n).padStart(4, '0')}`;
const ACTIONS = ['application.submitted', 'application.approved', 'application.assigned', 'registry.read', 'document.issued'];

/** The parent's indexes (and each month's unique one) are built once after the fill, not row by row. */
async function withoutAuditIndexes(client: pg.Client, fill: () => Promise<void>): Promise<void> {
  const indexes = (await client.query<{ def: string; name: string }>(`select indexdef as def, indexname as name from pg_indexes
    where (tablename = 'audit_log' and indexname <> 'audit_log_pkey') or indexname like 'audit\\_log\\_%\\_unique'`)).rows;
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  await fill();
  const started = performance.now();
  // pg_indexes writes a partitioned table's index `ON ONLY` it: built that way, no month would have it
  for (const i of indexes) await client.query(i.def.replace(' ON ONLY ', ' ON '));
  log(`  audit indexed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Fills audit_log in batches, each chain numbered and linked as audit_append does. */
async function fillAudit(client: pg.Client): Promise<void> {  // the demo pack's seeding wrote the platform's first entries: its chains go on from them
  const heads = new Map((await client.query<{ chain: string; seq: string; hash: string }>(`select distinct on (chain) chain, seq, hash
    from audit_log order by chain, seq desc`)).rows.map((r) => [r.chain, { seq: Number(r.seq), hash: r.hash }]));
  const end = Date.now();
  const span = MONTHS * 30 * 86_400_000;
  const started = performance.now();
  for (let from = 0; from < ROWS; from += BATCH) {
    const cols: unknown[][] = Array.from({ length: 12 }, () => []);
    for (let i = from; i < Math.min(ROWS, from + BATCH); i++) {
      // one entry in twenty is the platform's; the rest spread over the agencies and their shards
      const agency = i % 20 === 0 ? null : agencyId(i % AGENCIES);
      const chain = `${agency ? `agency:${agency}` : 'platform'}/${Math.floor(i / AGENCIES) % CHAIN_SHARDS}`;
      const head = heads.get(chain) ?? { seq: 0, hash: '0'.repeat(64) };
      const entry = {
        chain, seq: head.seq + 1, prev_hash: head.hash, at: new Date(end - span + Math.floor((i / ROWS) * span)),
        actor: `staff:${randomUUID()}`, acting_for: i % 20 === 7 ? `resident:${residentUuid(i % RESIDENTS)}` : null, agency_id: agency,
        action: ACTIONS[i % ACTIONS.length]!, target: `application:${randomUUID()}`,
        details: { reference: `R-${i}`, serviceId: 'resident-registration-certificate' }, request_id: randomUUID(),
      };
      const hash = hashOf(entry);
      heads.set(chain, { seq: entry.seq, hash });
      [entry.chain, entry.seq, entry.prev_hash, hash, entry.at.toISOString(), entry.actor, entry.acting_for, entry.agency_id,
        entry.action, entry.target, JSON.stringify(entry.details), entry.request_id].forEach((v, c) => cols[c]!.push(v));
    }
    await client.query(`insert into audit_log (chain, seq, prev_hash, hash, at, actor, acting_for, agency_id, action, target, details, request_id)
      select * from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[],
        $9::text[], $10::text[], $11::jsonb[], $12::text[])`, cols);
    if ((from / BATCH) % 50 === 0) log(`  audit ${from + BATCH} rows, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  log(`  audit filled in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * The same entries' shape in one statement: each step of the recursion appends the next entry of
 * every chain, so rows come out in time order; the hashed text is built as audit_append builds it.
 */
async function fillAuditInSql(client: pg.Client): Promise<void> {
  const started = performance.now();
  const end = Date.now();
  const spanMs = MONTHS * 30 * 86_400_000;
  const chains = AGENCIES * CHAIN_SHARDS + CHAIN_SHARDS;
  const perChain = Math.ceil(ROWS / chains);
  // i numbers an entry over the whole log: (step - 1) * chains + the chain's number
  const fields = (i: string, agency: string) => `timestamptz 'epoch' + (${end - spanMs} + floor(${i}::float8 * ${spanMs / ROWS}))::bigint * interval '1 millisecond',
    'staff:' || (${i} % 5000), case when ${i} % 20 = 7 then 'resident:00000000-0000-4000-8000-' || lpad((${i} % ${RESIDENTS})::text, 12, '0') end, ${agency},
    (array['${ACTIONS.join("','")}'])[1 + ${i} % ${ACTIONS.length}], 'application:' || md5(${i}::text)::uuid,
    '{"reference":"R-' || ${i} || '","serviceId":"resident-registration-certificate"}', md5('r' || ${i})::uuid::text`;
  await client.query(`create function pg_temp.bench_tail(at timestamptz, actor text, acting_for text, agency_id text, action text, target text, details text, request_id text)
    returns text language sql immutable as $$ select to_json(to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || ',' || to_json(actor)::text || ','
      || coalesce(to_json(acting_for)::text, 'null') || ',' || coalesce(to_json(agency_id)::text, 'null') || ',' || to_json(action)::text || ','
      || to_json(target)::text || ',' || to_json(details)::text || ',' || to_json(request_id)::text || ']' $$`);
  await client.query(`insert into audit_log (chain, seq, prev_hash, hash, at, actor, acting_for, agency_id, action, target, details, request_id)
    with recursive heads as (
      select k, chain, agency_id, coalesce(h.seq, 0) as seq0, coalesce(h.hash, repeat('0', 64)) as hash0
      from (select n as k, case when n < ${CHAIN_SHARDS} then 'platform/' || n else 'agency:bench-' || lpad(((n - ${CHAIN_SHARDS}) / ${CHAIN_SHARDS})::text, 4, '0') || '/' || (n % ${CHAIN_SHARDS}) end as chain,
          case when n >= ${CHAIN_SHARDS} then 'bench-' || lpad(((n - ${CHAIN_SHARDS}) / ${CHAIN_SHARDS})::text, 4, '0') end as agency_id
        from generate_series(0, ${chains - 1}) n) c
      left join lateral (select seq, hash from audit_log a where a.chain = c.chain order by seq desc limit 1) h on true
    ), e(k, chain, agency_id, seq0, step, i, prev_hash, hash, at, actor, acting_for, agency, action, target, details, request_id) as (
      select k, chain, agency_id, seq0, 0, k::bigint - ${chains}, null::text, hash0, null::timestamptz, null::text, null::text, null::text, null::text, null::text, null::text, null::text from heads
      union all
      select k, chain, agency_id, seq0, step + 1, i + ${chains}, hash,
        encode(sha256(convert_to('[' || to_json(chain)::text || ',' || (seq0 + step + 1) || ',' || to_json(hash)::text || ',' || pg_temp.bench_tail(${fields('(i + ' + chains + ')', 'agency_id')}), 'UTF8')), 'hex'),
        ${fields('(i + ' + chains + ')', 'agency_id')}
      from e where step < ${perChain} and i + ${chains} < ${ROWS}
    )
    select chain, seq0 + step, prev_hash, hash, at, actor, acting_for, agency, action, target, details::jsonb, request_id from e where step > 0`);
  log(`  audit filled in SQL in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** A resident's id, the same for the same number, so reads and applications name residents that exist. */
const residentUuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function fillTheRest(client: pg.Client): Promise<void> {
  await client.query(`insert into agencies (id, name, description, content_hash)
    select 'bench-' || lpad(n::text, 4, '0'), '{"en": "Bench agency"}', '{"en": "-"}', 'bench' from generate_series(0, ${AGENCIES - 1}) n`);
  await client.query(`insert into residents (id, id_number, name, birth_date, sex, household, address, content_hash)
    select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'B' || n, 'Bench ' || n, date '1980-01-01' + (n % 15000),
      case when n % 2 = 0 then 'F' else 'M' end, 'H' || (n / 3), '{}', 'bench' from generate_series(0, ${RESIDENTS - 1}) n`);
  await client.query(`insert into personal_data_reads (read_at, resident_id, subject_id_hash, reader_kind, reader_id, reader_agency_id, purpose,
      legal_basis, registry_id, registry_version, fields, channel)
    select now() - interval '${MONTHS * 30} days' + (n::float / ${READS}) * interval '${MONTHS * 30} days',
      ('00000000-0000-4000-8000-' || lpad((n % ${RESIDENTS})::text, 12, '0'))::uuid, md5(n::text), 'staff', 'staff:bench',
      'bench-' || lpad((n % ${AGENCIES})::text, 4, '0'), 'checking an application', 'Resident Registration Act art. 29',
      'residents', '1', array['name', 'address'], 'exchange' from generate_series(0, ${READS - 1}) n`);
  await client.query(`insert into applications (reference, service_id, agency_id, resident_id, status, answers, filed_by, created_at, submitted_at, due_at)
    select 'B-' || n, s.id, s.agency_id, ('00000000-0000-4000-8000-' || lpad((n % ${RESIDENTS})::text, 12, '0'))::uuid,
      (array['submitted', 'info_requested', 'approved', 'rejected', 'approved'])[1 + n % 5], '{"purpose": "bank"}', 'resident',
      now() - (n % 365) * interval '1 day', now() - (n % 365) * interval '1 day', now() - (n % 365) * interval '1 day' + interval '14 days'
    from generate_series(0, ${APPLICATIONS - 1}) n
    join lateral (select id, agency_id from services order by id offset (n % (select count(*) from services)) limit 1) s on true`);
  await client.query('analyze');
}

/** The tables as they were before migration 0006: one heap each, the old unique (chain, seq). */
async function unpartitionedCopies(client: pg.Client): Promise<void> {
  await client.query(`create table audit_log_flat (like audit_log including defaults including identity);
    insert into audit_log_flat overriding system value select * from audit_log;
    select setval(pg_get_serial_sequence('audit_log_flat', 'id'), (select max(id) from audit_log_flat));
    alter table audit_log_flat add primary key (id), add unique (chain, seq);
    create index on audit_log_flat (agency_id, id desc);
    create index on audit_log_flat (acting_for, id desc) where acting_for is not null;
    create table personal_data_reads_flat (like personal_data_reads including defaults);
    insert into personal_data_reads_flat select * from personal_data_reads;
    alter table personal_data_reads_flat add primary key (id);
    create index on personal_data_reads_flat (resident_id, read_at desc, id desc);
    create index on personal_data_reads_flat (reader_agency_id, read_at desc);
    analyze audit_log_flat; analyze personal_data_reads_flat;`);
}

interface Measured { name: string; medianMs: number; p95Ms: number; partitions: string; plan: string }

/** `SAMPLES` runs of `text` with a different parameter each; the plan of the last, with how many months it read. */
async function measure(client: pg.Client, name: string, text: string, param: (n: number) => unknown[], table: string): Promise<Measured> {
  const times: number[] = [];
  for (let n = 0; n < SAMPLES; n++) {
    const t = performance.now();
    await client.query(text, param(n));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off, timing off, summary off) ${text}`, param(SAMPLES));
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  const read = new Set(plan.match(new RegExp(`${table}_(p\\d{4}_\\d{2}|before)`, 'g')) ?? []).size;
  const total = Number((await client.query<{ n: string }>(`select count(*) as n from pg_inherits where inhparent = '${table}'::regclass`)).rows[0]!.n);
  return { name, medianMs: percentile(times, 50), p95Ms: percentile(times, 95), partitions: total ? `${read} of ${total}` : 'no partitions', plan };
}

async function queries(client: pg.Client, suffix: '' | '_flat'): Promise<Measured[]> {
  const audit = `audit_log${suffix}`;
  const reads = `personal_data_reads${suffix}`;
  const agency = (n: number) => [agencyId((n * 37) % AGENCIES)];
  const resident = (n: number) => [residentUuid((n * 7919) % RESIDENTS)];
  return [
    await measure(client, "an agency's audit trail, newest 50 (listAgencyAudit)", `select * from ${audit} where agency_id = $1 order by id desc limit 50`, agency, audit),
    await measure(client, "an agency's audit entries of the last 7 days", `select * from ${audit} where agency_id = $1 and at >= now() - interval '7 days' order by id desc limit 50`, agency, audit),
    await measure(client, 'actions taken for a resident, newest 50 (listAuditActingFor)', `select * from ${audit} where acting_for = $1 order by id desc limit 50`,
      (n) => [`resident:${residentUuid((n * 20 + 7) % RESIDENTS)}`], audit),
    await measure(client, '"who used my data", first page of 20 (listReadsOfResident)', `select * from ${reads} where resident_id = $1 order by read_at desc, id desc limit 20`, resident, reads),
    await measure(client, '"who used my data", the count beside it', `select count(*) from ${reads} where resident_id = $1`, resident, reads),
    await measure(client, '"who used my data" filtered to one month', `select * from ${reads} where resident_id = $1 and read_at >= date_trunc('month', now()) - interval '2 months'
      and read_at < date_trunc('month', now()) - interval '1 month' order by read_at desc, id desc limit 20`, resident, reads),
  ];
}

/** `hanaro audit verify` as an operator runs it: its own process, its time and peak memory (VmHWM). */
async function verifyCommand(url: string): Promise<{ seconds: number; peakMiB: number; output: string; code: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'audit', 'verify'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  let peakKiB = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
    } catch { /* it has exited */ }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  return { seconds: (performance.now() - started) / 1000, peakMiB: peakKiB / 1024, output: output.trim(), code };
}

/** Appends a single entry 200 times, as a state change does (audit_append: shard lock, head read, insert). */
async function appendLatency(url: string): Promise<{ medianMs: number; p95Ms: number }> {
  const database = await openDatabase({ url, dataDir: '' });
  const times: number[] = [];
  try {
    for (let n = 0; n < 200; n++) {
      const t = performance.now();
      await database.db.transaction().execute((trx) => recordAudit(trx, { actor: 'staff:bench' }, { agencyId: agencyId(n % AGENCIES), action: 'bench.append' }));
      times.push(performance.now() - t);
    }
  } finally {
    await database.close();
  }
  times.sort((a, b) => a - b);
  return { medianMs: percentile(times, 50), p95Ms: percentile(times, 95) };
}

async function swapAuditTables(client: pg.Client, to: 'flat' | 'partitioned'): Promise<void> {
  await client.query(to === 'flat'
    ? 'alter table audit_log rename to audit_log_partitioned; alter table audit_log_flat rename to audit_log'
    : 'alter table audit_log rename to audit_log_flat; alter table audit_log_partitioned rename to audit_log');
}

const sizeOf = async (client: pg.Client, table: string) => Number((await client.query<{ b: string }>(
  `select coalesce((select sum(pg_total_relation_size(relid)) from pg_partition_tree('${table}'::regclass)), pg_total_relation_size('${table}'::regclass)) as b`)).rows[0]!.b);

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);

runBench(async () => {
  const fresh = REUSE ? { name: REUSE, url: databaseUrl(REUSE), drop: async () => undefined } : await freshDatabase('scale_bench');
  const client = new pg.Client({ connectionString: fresh.url });
  const loadBefore = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  const fillStarted = performance.now();
  try {
    if (!REUSE) {
      log(`database ${fresh.name}: migrating and seeding the demo pack`);
      const database = await openDatabase({ url: fresh.url, dataDir: '' });
      try { await migrateAndSeedDemo(database); } finally { await database.close(); }
      await client.connect();
      // months back to the first filled one (the seed's entries are this month's: the part before it is empty)
      for (const t of ['audit_log', 'personal_data_reads']) {
        await client.query(`drop table ${t}_before; select hanaro_add_partition_before('${t}', now() - interval '${MONTHS * 30 + 31} days');
          select hanaro_add_month_partitions('${t}', now() - interval '${MONTHS * 30} days', 3)`);
      }
      log(`filling ${ROWS} audit entries, ${READS} reads, ${APPLICATIONS} applications`);
      await fillTheRest(client);
      await withoutAuditIndexes(client, () => (SQL_FILL ? fillAuditInSql(client) : fillAudit(client)));
      await client.query('analyze audit_log');
      if (FLAT) {
        log('unpartitioned copies');
        await unpartitionedCopies(client);
      }
    } else await client.connect();
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const counts = (await client.query<{ t: string; n: string }>(`select 'audit_log' as t, count(*) as n from audit_log
      union all select 'personal_data_reads', count(*) from personal_data_reads union all select 'applications', count(*) from applications`)).rows;
    const sizes: Record<string, number> = {};
    const tables = FLAT ? ['audit_log', 'audit_log_flat', 'personal_data_reads', 'personal_data_reads_flat', 'applications'] : ['audit_log', 'personal_data_reads', 'applications'];
    for (const t of tables) sizes[t] = await sizeOf(client, t);

    log('verify (partitioned)');
    const verified = await verifyCommand(fresh.url);
    log('queries');
    const partitioned = await queries(client, '');
    const flat = FLAT ? await queries(client, '_flat') : [];
    const queue = await measure(client, "an officer's queue (listAgencyQueue, 500 by due date)", `select * from applications where agency_id = $1 and status <> 'draft' order by due_at asc limit 500`,
      (n) => [['interior', 'tax', 'welfare'][n % 3]], 'applications');
    const append = await appendLatency(fresh.url);
    let unpartitioned: { verified: Awaited<ReturnType<typeof verifyCommand>>; append: Awaited<ReturnType<typeof appendLatency>> } | undefined;
    if (FLAT) {
      log('verify (unpartitioned)');
      await swapAuditTables(client, 'flat');
      unpartitioned = { verified: await verifyCommand(fresh.url), append: await appendLatency(fresh.url) };
      await swapAuditTables(client, 'partitioned');
    }

    log('verify after one entry is edited');
    const { rows: [victim] } = await client.query<{ id: string; chain: string; seq: string; target: string }>(`select id, chain, seq, target from audit_log
      where agency_id is not null and id >= (select max(id) / 2 from audit_log) order by id limit 1`);
    await client.query(`alter table audit_log disable trigger audit_log_no_update_or_delete;
      update audit_log set target = 'application:forged' where id = ${victim!.id};
      alter table audit_log enable trigger audit_log_no_update_or_delete;`);
    const broken = await verifyCommand(fresh.url);
    await client.query(`alter table audit_log disable trigger audit_log_no_update_or_delete;
      update audit_log set target = '${victim!.target}' where id = ${victim!.id};
      alter table audit_log enable trigger audit_log_no_update_or_delete;`);

    const commit = (await new Promise<string>((resolve) => { let o = ''; const g = spawn('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }); g.stdout.on('data', (d: Buffer) => { o += d; }); g.once('exit', () => resolve(o.trim())); }));
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    const out = [
      `### audit-scale: ${ROWS.toLocaleString('en')} audit entries, ${AGENCIES} agencies, ${MONTHS} months`,
      '',
      `Commit ${commit}, ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load before ${loadBefore}, after ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}.`,
      `Command: \`npm run bench:audit-scale -- ${process.argv.slice(2).join(' ')}\`. Fill ${REUSE ? '(reused)' : `${fillSeconds.toFixed(0)} s`}.`,
      '',
      '| Table | Rows | Size (heap + indexes) | Bytes per row |',
      '|---|---|---|---|',
      ...tables.map((t) => {
        const n = Number(counts.find((c) => c.t === t.replace('_flat', ''))!.n);
        return `| ${t} | ${n.toLocaleString('en')} | ${mb(sizes[t]!)} | ${(sizes[t]! / n).toFixed(0)} |`;
      }),
      '',
      '| `hanaro audit verify` | Seconds | Entries/s | Peak RSS | Exit | Says |',
      '|---|---|---|---|---|---|',
      ...([['partitioned', verified], ...(unpartitioned ? [['unpartitioned (the layout before 0006)', unpartitioned.verified] as const] : []), ['partitioned, one entry edited', broken]] as const).map(([label, r]) => `| ${label as string} | ${r.seconds.toFixed(1)} | ${Math.round(ROWS / r.seconds).toLocaleString('en')} | ${r.peakMiB.toFixed(0)} MiB | ${r.code} | ${r.output.split('\n').at(-1)} |`),
      `(edited: id ${victim!.id}, chain ${victim!.chain}, entry ${victim!.seq})`,
      '',
      `| Query (${SAMPLES} runs, a different agency/resident each) | Partitioned median / p95 ms | Months read | Unpartitioned median / p95 ms |`,
      '|---|---|---|---|',
      ...partitioned.map((p, i) => `| ${p.name} | ${ms(p.medianMs)} / ${ms(p.p95Ms)} | ${p.partitions} | ${flat[i] ? `${ms(flat[i].medianMs)} / ${ms(flat[i].p95Ms)}` : 'not run'} |`),
      `| ${queue.name} | ${ms(queue.medianMs)} / ${ms(queue.p95Ms)} | ${queue.partitions} | (same table) |`,
      `| appending one entry in its own transaction (recordAudit, 200 times) | ${ms(append.medianMs)} / ${ms(append.p95Ms)} | | ${unpartitioned ? `${ms(unpartitioned.append.medianMs)} / ${ms(unpartitioned.append.p95Ms)}` : 'not run'} |`,
      '',
      '<details><summary>Plans (EXPLAIN ANALYZE, partitioned)</summary>',
      '',
      ...[...partitioned, queue].flatMap((p) => [`${p.name}:`, '```', p.plan, '```']),
      '</details>',
    ];
    console.log(out.join('\n'));
  } finally {
    await client.end();
    if (!KEEP) await fresh.drop();
    else log(`kept database ${fresh.name}`);
  }
});
