import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { migrate } from '../../src/platform/db/migrations.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { buildPlatform, migrationSources, seedFromDir, type Platform } from '../../src/app.ts';
import type { DatabaseTarget } from './databases.ts';

export const DEMO_PACK = path.join(import.meta.dirname, '..', '..', 'packs', 'demo');
export const DEMO_PASSWORD = 'hanaro-demo-2026';

/** A copy of the demo pack, for a test to break or edit. */
export function copyOfDemoPack(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-pack-'));
  fs.cpSync(DEMO_PACK, dir, { recursive: true });
  return dir;
}

export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' }, { rateLimitPerMinute: 100_000, signInAttemptsPerMinute: 100_000, ...overrides });
}

export async function migratedDatabase(target: DatabaseTarget): Promise<Database> {
  const database = await target.open();
  await migrate(database, migrationSources);
  return database;
}

/** The whole platform on a fresh database with the demo pack, without the job workers. */
export async function startTestPlatform(target: DatabaseTarget, overrides: Partial<Config> = {}): Promise<Platform & { close(): Promise<void> }> {
  const database = await migratedDatabase(target);
  await seedFromDir(database, DEMO_PACK);
  const platform = await buildPlatform(testConfig(overrides), database, { jobs: false });
  await platform.app.ready();
  return { ...platform, close: async () => { await platform.app.close(); await database.close(); } };
}

/** A browser-like visitor: keeps cookies and sends the page's CSRF token with each form. */
export class Visitor {
  cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance, readonly headers: Record<string, string> = {}) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: this.requestHeaders() }));
  }

  /** Posts a form the way a browser does after loading `fromPage` (for its CSRF token). */
  async post(url: string, form: Record<string, string>, fromPage = '/'): Promise<LightMyRequestResponse> {
    const page = await this.get(fromPage);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    return this.keep(await this.app.inject({
      method: 'POST', url, headers: { ...this.requestHeaders(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, ...form }).toString(),
    }));
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/office/sign-in', { email, password, return: '/office' }, '/office/sign-in');
  }

  private requestHeaders(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...this.headers, ...(cookie ? { cookie } : {}) };
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }
}
