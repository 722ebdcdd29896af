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
/** A resident's password good enough for the password policy; tests sign up with it. */
export const RESIDENT_PASSWORD = 'blue-river-lamp-42';

/** Residents of the demo pack's registry (packs/demo/residents.yaml). */
export const DEMO_RESIDENTS = {
  minjun: { idNumber: '900101-1234568', name: '김민준', birthDate: '1990-01-01' },
  seoyeon: { idNumber: '920315-2118428', name: '이서연', birthDate: '1992-03-15' },
  youngja: { idNumber: '550720-2407111', name: '박영자', birthDate: '1955-07-20' },
  jungho: { idNumber: '831111-1052331', name: '박정호', birthDate: '1983-11-11' },
  jiwoo: { idNumber: '980505-2330916', name: '최지우', birthDate: '1998-05-05' },
  woosung: { idNumber: '750930-1264407', name: '정우성', birthDate: '1975-09-30' },
  lan: { idNumber: '940214-6508834', name: 'Nguyen Thi Lan', birthDate: '1994-02-14' },
  sangcheol: { idNumber: '601225-1173307', name: '한상철', birthDate: '1960-12-25' },
  mirae: { idNumber: '010808-4221745', name: '윤미래', birthDate: '2001-08-08' },
  dohyun: { idNumber: '880404-1390252', name: '강도현', birthDate: '1988-04-04' },
  jimin: { idNumber: '960616-2145670', name: '오지민', birthDate: '1996-06-16' },
  junho: { idNumber: '791010-1287652', name: '서준호', birthDate: '1979-10-10' },
} as const;
export type DemoResident = (typeof DEMO_RESIDENTS)[keyof typeof DEMO_RESIDENTS];

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
export async function startTestPlatform(target: DatabaseTarget, overrides: Partial<Config> = {}, opts: Parameters<typeof buildPlatform>[2] = { jobs: false }): Promise<Platform & { close(): Promise<void> }> {
  const database = await migratedDatabase(target);
  await seedFromDir(database, DEMO_PACK);
  const platform = await buildPlatform(testConfig(overrides), database, opts);
  await platform.app.ready();
  return { ...platform, close: async () => { await platform.app.close(); await platform.jobs?.stop(); await database.close(); } };
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

  /** Posts a form with files (multipart), as a browser does for a form with a file input. */
  async postMultipart(url: string, form: FormData, fromPage = '/'): Promise<LightMyRequestResponse> {
    const page = await this.get(fromPage);
    form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return this.keep(await this.app.inject({
      method: 'POST', url, headers: { ...this.requestHeaders(), 'content-type': request.headers.get('content-type')! },
      payload: Buffer.from(await request.arrayBuffer()),
    }));
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/office/sign-in', { email, password, return: '/office' }, '/office/sign-in');
  }

  /** Opens an account for a resident of the demo registry and stays signed in as them. */
  async signUp(resident: DemoResident, extra: { email?: string } = {}): Promise<LightMyRequestResponse> {
    return this.post('/sign-up', {
      ...resident, email: extra.email ?? '', password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD, return: '/me',
    }, '/sign-up');
  }

  async signInResident(resident: DemoResident, password: string = RESIDENT_PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/sign-in', { idNumber: resident.idNumber, password, return: '/me' }, '/sign-in');
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
