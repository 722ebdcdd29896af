import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * What a node knows of a notification channel (LISTEN): while it listens, `mark()` moves with each
 * notification, so a copy taken at one mark holds as long as the mark has not moved; while it does
 * not listen (not yet connected, or the connection lost), `mark()` is null and nothing held may be
 * trusted. Starting and stopping move the mark too, so nothing read before a gap counts after it.
 * The node's own writes (`localWrites`, counted once committed) move it at once: what a node wrote
 * it sees at its next read, before the notice of it comes; another node's change, once told.
 */
export class ChangeFeed {
  private count = 0;
  private listening = false;

  constructor(private readonly localWrites: () => number) {}

  mark(): number | null {
    return this.listening ? this.count + this.localWrites() : null;
  }

  notified(): void { this.count++; }
  started(): void { this.count++; this.listening = true; }
  stopped(): void { this.count++; this.listening = false; }
}

export interface Listening { feed: ChangeFeed; close(): Promise<void> }

const RETRY_MS = 2_000;

/**
 * Listens on its own connection (a pooled one may be handed to anyone), connecting again after a
 * loss (the server restarted, or the load balancer moved to a new primary).
 */
export function listenOnServer(Client: typeof pg.Client, config: pg.ClientConfig, channel: string, feed: ChangeFeed): Listening {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const lost = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    feed.stopped();
    c.end().catch(() => undefined);
    if (!closed) retry = setTimeout(connect, RETRY_MS);
  };
  async function connect() {
    const c = new Client({ ...config, application_name: 'hanaro-listen' });
    client = c;
    c.on('notification', () => feed.notified());
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      if (client === c && !closed) feed.started();
    } catch {
      lost(c);
    }
  }
  void connect();
  return {
    feed,
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      feed.stopped();
      await c?.end().catch(() => undefined);
    },
  };
}

/** The embedded database's notifications: one process, so once listening it never stops. */
export function listenEmbedded(pglite: PGlite, channel: string, feed: ChangeFeed): Listening {
  const unlisten = pglite.listen(channel, () => feed.notified()).then((stop) => { feed.started(); return stop; });
  return {
    feed,
    async close() {
      feed.stopped();
      await (await unlisten.catch(() => undefined))?.();
    },
  };
}
