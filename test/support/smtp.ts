import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** One message as the SMTP server process received and parsed it. */
export interface ReceivedMail {
  envelope: { from: string | null; to: string[] };
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string | null;
}

export interface TestSmtpServer {
  port: number;
  /** What SMTP_URL should say to reach it. */
  url: string;
  /** Every message received so far, in order. */
  received(): ReceivedMail[];
  /** The first message to `to` (envelope recipient) that `predicate` accepts, once it has arrived. */
  waitForMail(to: string, predicate?: (mail: ReceivedMail) => boolean): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

const SCRIPT = path.join(import.meta.dirname, 'smtp-process.ts');
// Not a timing assertion: only how long a test waits before it reports that no mail came.
const GIVE_UP_MS = 30_000;

/** Starts a real SMTP server (smtp-server + mailparser) in a process of its own, on `port` or a free one. */
export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-smtp-'));
  const child = spawn(process.execPath, [SCRIPT, dir, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const listening = await readPort(child);
  const received = () => fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ReceivedMail);
  return {
    port: listening,
    url: `smtp://127.0.0.1:${listening}`,
    received,
    async waitForMail(to, predicate = () => true) {
      const deadline = Date.now() + GIVE_UP_MS;
      for (;;) {
        const hit = received().find((m) => m.envelope.to.includes(to) && predicate(m));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived; received: ${JSON.stringify(received().map((m) => [m.envelope.to, m.subject]))}`);
        await sleep(50);
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.stdin?.end();
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`the SMTP test server exited (${code}) before listening: ${err}`)));
    child.once('error', reject);
  });
}
