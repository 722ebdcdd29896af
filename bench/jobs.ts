/**
 * How fast two Hanaro nodes work off a backlog of jobs: `npm run bench:jobs [-- --jobs N --mail-ms M]`.
 * Two job queues (two nodes) over one fresh PostgreSQL database; N jobs (default 200) are queued in
 * one transaction, the way a burst of filings queues notice mails, and each is worked by a handler
 * that reads the database once and then waits M ms (default 20) for a stand-in SMTP exchange. Prints
 * jobs a second from the commit to the last completion, and how many each node ran.
 */
import { sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.ts';
import { startJobQueue, type JobQueue } from '../src/platform/jobs.ts';
import { freshDatabase, log, option, runBench, sleep } from './support.ts';

const JOBS = Number(option('--jobs', '200'));
const MAIL_MS = Number(option('--mail-ms', '20'));
const NAME = 'bench.notice-mail';

runBench(async () => {
  const fresh = await freshDatabase();
  const databases = await Promise.all([0, 1].map(() => openDatabase({ url: fresh.url, dataDir: '' })));
  const queues: JobQueue[] = [];
  try {
    for (const database of databases) queues.push(await startJobQueue(database, (err) => log(`job queue: ${err.message}`)));
    const ran = [0, 0];
    for (const [node, queue] of queues.entries()) {
      await queue.register(NAME, async () => {
        await sql`select 1`.execute(databases[node]!.db);
        await sleep(MAIL_MS);
        ran[node]!++;
      });
    }
    await databases[0]!.db.transaction().execute(async (trx) => {
      for (let i = 0; i < JOBS; i++) await queues[0]!.send(trx, NAME, { noticeId: i });
    });
    const started = process.hrtime.bigint();
    while (ran[0]! + ran[1]! < JOBS) await sleep(20);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    log(`${JOBS} jobs (handler: 1 query + ${MAIL_MS} ms) on 2 nodes: ${seconds.toFixed(1)} s, ${(JOBS / seconds).toFixed(1)} jobs/s (node A ${ran[0]}, node B ${ran[1]})`);
  } finally {
    for (const queue of queues) await queue.stop();
    for (const database of databases) await database.close();
    await fresh.drop();
  }
});
