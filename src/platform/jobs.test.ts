import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from 'pg-boss';
import { databaseTargets } from '../../test/support/databases.ts';
import type { Database } from './db/database.ts';
import { startJobQueue, type JobQueue } from './jobs.ts';

const ignore = () => undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds; the deadline only stops a broken run from hanging. */
async function eventually(done: () => boolean, what: string, deadlineMs = 120_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > until) assert.fail(`still waiting for ${what}`);
    await sleep(100);
  }
}

/** A node whose connection to the database can be cut, as when its machine dies: nothing it does reaches the database after `die()`. */
function mortal(database: Database): { database: Database; die(): void } {
  let dead = false;
  const connection = database.jobQueueConnection();
  const severed: Db = {
    executeSql: (text, values) => dead ? Promise.reject(new Error('node is dead')) : connection.executeSql(text, values),
  };
  return { database: { ...database, jobQueueConnection: () => severed }, die: () => { dead = true; } };
}

async function sendOne(database: Database, queue: JobQueue, name: string, data: Record<string, unknown>) {
  await database.db.transaction().execute((trx) => queue.send(trx, name, data));
}

for (const target of databaseTargets({ engines: 'all' })) {
  test(`${target.name}: two nodes starting at once on an empty database both start, and a job runs once`, async () => {
    const { nodes, close } = await target.openNodes(2);
    const queues = await Promise.all(nodes.map((node) => startJobQueue(node, ignore)));
    try {
      const ran: string[] = [];
      await Promise.all(queues.map((queue, i) => queue.register('test.greet', async (data) => { ran.push(`${i}:${String(data.who)}`); })));
      await sendOne(nodes[0]!, queues[0]!, 'test.greet', { who: 'kim' });
      await eventually(() => ran.length > 0, 'the job to run');
      await sleep(1_500);
      assert.equal(ran.length, 1, `ran: ${ran.join(', ')}`);
    } finally {
      for (const queue of queues) await queue.stop();
      await close();
    }
  });

  test(`${target.name}: a job held by a node that died is taken over by another node`, async () => {
    const { nodes, close } = await target.openNodes(2);
    const doomed = mortal(nodes[0]!);
    const queueA = await startJobQueue(doomed.database, ignore);
    const queueB = await startJobQueue(nodes[1]!, ignore);
    let releaseA = () => undefined as void;
    try {
      const startedOnA: unknown[] = [];
      const doneOnB: unknown[] = [];
      await queueA.register('test.mail', (data) => {
        startedOnA.push(data.noticeId);
        return new Promise((resolve) => { releaseA = () => resolve(); });
      });
      await sendOne(nodes[0]!, queueA, 'test.mail', { noticeId: 7 });
      await eventually(() => startedOnA.length === 1, 'node A to take the job');
      doomed.die();
      await queueB.register('test.mail', async (data) => { doneOnB.push(data.noticeId); });
      await eventually(() => doneOnB.length === 1, 'node B to take over the dead node\'s job');
      assert.deepEqual(doneOnB, [7]);
    } finally {
      releaseA();
      await queueA.stop().catch(ignore);
      await queueB.stop();
      await close();
    }
  });

  test(`${target.name}: a job that fails is tried again without running the rest of its batch twice`, async () => {
    const { nodes: [database], close } = await target.openNodes(1);
    const queue = await startJobQueue(database!, ignore);
    try {
      const runs: number[] = [];
      let failedOnce = false;
      await queue.register('test.batch', async (data) => {
        runs.push(Number(data.n));
        if (data.n === 0 && !failedOnce) {
          failedOnce = true;
          throw new Error('smtp down');
        }
      });
      await database!.db.transaction().execute(async (trx) => {
        for (let n = 0; n < 5; n++) await queue.send(trx, 'test.batch', { n }, { limit: 2, delaySeconds: 0, backoff: false });
      });
      await eventually(() => runs.length >= 6, 'the failed job to be tried again');
      await sleep(1_500);
      assert.deepEqual([...runs].sort(), [0, 0, 1, 2, 3, 4]);
    } finally {
      await queue.stop();
      await close();
    }
  });
}
