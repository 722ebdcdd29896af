import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { migrate } from '../../src/platform/db/migrations.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { buildPlatform, migrationSources, type Platform } from '../../src/app.ts';
import assert from 'node:assert/strict';
import { loadPack, PackInvalidError, type Pack } from '../../src/modules/packs/index.ts';
import { seedPack, type SeedReport } from '../../src/seed-pack.ts';
import { hashPassword } from '../../src/modules/identity/index.ts';
import type { ClientPolicy } from '../../src/modules/sso/index.ts';
import { AGENCY_API_SCOPES } from '../../src/modules/govstack-registration/index.ts';
import { sql } from 'kysely';
import type { AnyDb } from '../../src/platform/db/database.ts';
import { databaseUrl, openTemplate, type DatabaseTarget, type DatabaseTemplate } from './databases.ts';
import { listMigrations } from '../../src/platform/db/migrations.ts';
import { LABELS_FIELD, postForms } from '../../src/platform/http/form-labels.ts';

export const DEMO_PACK = path.join(import.meta.dirname, '..', '..', 'packs', 'demo');
/** The GovStack conformance pack: the specifications' own example objects (docs/govstack.md). */
export const TESTBED_PACK = path.join(import.meta.dirname, '..', '..', 'packs', 'govstack-testbed');
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
/**
 * Makes the family register say a demo child was born three years before today, so a test about
 * young children (an allowance for the under-8s) holds whatever day it runs; returns the date.
 */
export async function childBornThreeYearsAgo(db: AnyDb, childIdNumber: string): Promise<string> {
  const day = new Date();
  day.setUTCFullYear(day.getUTCFullYear() - 3);
  const born = day.toISOString().slice(0, 10);
  await sql`update registry_records set content = jsonb_set(content, '{relativeBirthDate}', to_jsonb(${born}::text))
    where registry_id = 'family-relations' and content->>'relativeIdNumber' = ${childIdNumber}`.execute(db);
  return born;
}

export type DemoResident = (typeof DEMO_RESIDENTS)[keyof typeof DEMO_RESIDENTS];

/** Children under 8 of the demo register, each linked to a parent in family-relations.yaml (child allowance). */
export const DEMO_CHILDREN = {
  harin: { idNumber: '220412-4164326', name: '오하린', birthDate: '2022-04-12', parent: DEMO_RESIDENTS.jimin },
  minjae: { idNumber: '200903-3152273', name: '강민재', birthDate: '2020-09-03', parent: DEMO_RESIDENTS.dohyun },
} as const;

/** The errors a broken pack is refused with; fails the test when the pack is accepted. */
export function packErrorsOf(dir: string) {
  try {
    loadPack(dir);
  } catch (err) {
    if (err instanceof PackInvalidError) return err.errors;
    throw err;
  }
  assert.fail('the pack was accepted');
}

/** A copy of the demo pack, for a test to break or edit. */
export function copyOfDemoPack(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hanaro-pack-'));
  fs.cpSync(DEMO_PACK, dir, { recursive: true });
  return dir;
}

/** A copy of the demo pack whose country's adult age is `adult`, its credential types' age predicates renamed to match unless `renameClaims` is false. */
export function demoPackWithAdultAge(adult: number, renameClaims = true): string {
  const dir = copyOfDemoPack();
  const country = path.join(dir, 'country.yaml');
  const text = fs.readFileSync(country, 'utf8');
  if (!text.includes('adult: 19')) throw new Error('the demo pack no longer says adult: 19');
  fs.writeFileSync(country, text.replace('adult: 19', `adult: ${adult}`));
  if (renameClaims) {
    for (const file of fs.readdirSync(path.join(dir, 'credential-types'))) {
      const p = path.join(dir, 'credential-types', file);
      fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replaceAll('age_over_19', `age_over_${adult}`).replaceAll('만 19세', `만 ${adult}세`).replaceAll('Aged 19', `Aged ${adult}`));
    }
  }
  return dir;
}

/** What the platform hands to an OIDC client registration: the test key and every agency API scope. */
export const clientPolicy = (): ClientPolicy => ({ secret: testConfig().documentKeySecret, apiScopes: AGENCY_API_SCOPES.map((s) => s.name) });

export function testConfig(overrides: Partial<Config> = {}): Readonly<Config> {
  return loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' }, { rateLimitPerMinute: 100_000, signInAttemptsPerMinute: 100_000, ...overrides });
}

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

const migrationsDigest = () => digestOf(listMigrations(migrationSources).map((m) => `${m.id} ${m.checksum}`));

/** Every migration applied; cloned from a template (tests of the migrations themselves use `target.open()`). */
const MIGRATED: DatabaseTemplate = {
  get key() { return `migrated ${migrationsDigest()}`; },
  fill: async (database) => { await migrate(database, migrationSources); },
};

/** Migrated and seeded with a pack, as `startTestPlatform` starts; the key covers the code that seeds too. */
const seededWith = (dir: string): DatabaseTemplate => ({
  get key() { return `${path.basename(dir)} ${migrationsDigest()} ${digestOf(filesUnder(dir).concat(filesUnder(SOURCES), [import.meta.filename]).map(fileDigest))}`; },
  fill: async (database) => { await migrate(database, migrationSources); await seedTestPack(database, dir); },
});
const SEEDED = new Map<string, DatabaseTemplate>();

const SOURCES = path.join(import.meta.dirname, '..', '..', 'src');
const digestOf = (lines: string[]) => createHash('sha256').update(lines.join('\n')).digest('hex');
const fileDigest = (file: string) => `${file} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`;
const filesUnder = (dir: string): string[] => fs.readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && !/\.test\.tsx?$/.test(e.name)).map((e) => path.join(e.parentPath, e.name)).sort();

export async function migratedDatabase(target: DatabaseTarget): Promise<Database> {
  return openTemplate(target, MIGRATED);
}

/** Each staff password of a pack hashed once per test process (at full scrypt cost): the demo staff share one. */
const hashes = new Map<string, Promise<string>>();
function hashPasswordOnce(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

let demoPack: Pack | undefined;

/**
 * Seeds a pack as `hanaro seed` does, quicker for tests: the demo pack is read and checked once per
 * process (nothing edits it; a copy to edit has its own directory) and passwords are hashed once.
 */
export async function seedTestPack(database: Database, dir = DEMO_PACK): Promise<SeedReport> {
  const pack = dir === DEMO_PACK ? (demoPack ??= loadPack(DEMO_PACK)) : loadPack(dir);
  return seedPack(database.db, pack, { actor: 'system:seed' }, { hashPassword: hashPasswordOnce });
}

/** The whole platform on a fresh database with the demo pack (or the pack in `pack`), without the job workers. */
export async function startTestPlatform(target: DatabaseTarget, overrides: Partial<Config> = {}, opts: Parameters<typeof buildPlatform>[2] = { jobs: false }, pack = DEMO_PACK): Promise<Platform & { close(): Promise<void> }> {
  if (!SEEDED.has(pack)) SEEDED.set(pack, seededWith(pack));
  const database = await openTemplate(target, SEEDED.get(pack)!);
  const platform = await buildPlatform(testConfig(overrides), database, opts);
  await platform.app.ready();
  return { ...platform, close: async () => { await platform.app.close(); await platform.jobs?.stop(); await database.close(); } };
}

/**
 * A second node of the same platform: on PostgreSQL a pool of its own on the first node's database
 * (what one node holds in memory, the other does not see); on PGlite the one embedded database.
 */
export async function startSecondNode(first: Platform, overrides: Partial<Config> = {}): Promise<Platform & { close(): Promise<void> }> {
  const own = first.database.kind === 'postgres';
  const name = own ? (await sql<{ name: string }>`select current_database() as name`.execute(first.database.db)).rows[0]!.name : '';
  const database = own ? await openDatabase({ url: databaseUrl(process.env.TEST_DATABASE_URL!, name), dataDir: '' }) : first.database;
  const platform = await buildPlatform(testConfig(overrides), database, { jobs: false });
  await platform.app.ready();
  return { ...platform, close: async () => { await platform.app.close(); if (own) await database.close(); } };
}

/** A browser-like visitor: keeps cookies and sends the page's CSRF token with each form. */
export class Visitor {
  /** Cookies for the whole site (path /), by name. */
  cookies = new Map<string, string>();
  /** Cookies for one path only (the OpenID provider's interaction cookies), sent only below it. */
  private scoped = new Map<string, { path: string; name: string; value: string }>();
  constructor(readonly app: FastifyInstance, readonly headers: Record<string, string> = {}) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: this.requestHeaders(url) }));
  }

  /**
   * Follows a sign-in's redirects as a browser does: the portal signs in as a client of Hanaro's own
   * OpenID provider (`/sign-in/start`, `/oidc/…`, the provider's login step, `/sign-in/callback`).
   * Returns the last answer, the redirect to the page asked for once signed in.
   */
  async followSignIn(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    for (let hops = 0; hops < 10 && [302, 303].includes(res.statusCode); hops++) {
      const next = new URL(String(res.headers.location), 'http://visitor.invalid');
      if (!/^\/(sign-in\/start|sign-in\/callback|oidc\/|oidc-interaction\/)/.test(next.pathname)) return res;
      res = await this.get(next.pathname + next.search);
    }
    return res;
  }

  /** Posts a form the way a browser does after loading `fromPage` (for its CSRF token); a list is a field sent once per value (checkboxes). */
  async post(url: string, form: Record<string, string | string[]>, fromPage = '/'): Promise<LightMyRequestResponse> {
    const page = (await this.get(fromPage)).body;
    const token = tokenIn(page) ?? await this.csrfTokenOn('/office/sign-in');
    // As a browser does, the form's hidden labels go with it (form-labels.ts), unless the test gives its own.
    const labels = postForms(page).find((form) => form.action === url)?.sealed;
    return this.send(url, labels !== undefined && !(LABELS_FIELD in form) ? { [LABELS_FIELD]: labels, ...form } : form, token);
  }

  /**
   * A double click: the page is loaded once and its form sent twice at the same moment, with the
   * same token. (Two `post`s at once would each load the page, and one could find it already gone.)
   */
  async postTwiceAtOnce(url: string, form: Record<string, string | string[]>, fromPage: string): Promise<[LightMyRequestResponse, LightMyRequestResponse]> {
    const token = await this.csrfTokenOn(fromPage);
    return Promise.all([this.send(url, form, token), this.send(url, form, token)]);
  }

  /**
   * The visitor's CSRF token from the page the form is on. Every token of the visitor's secret is
   * good for every form, so for a page without one (the catalog pages carry none, see
   * public-pages.ts) it is taken from the staff sign-in form, which every visitor is shown.
   */
  private async csrfTokenOn(page: string): Promise<string> {
    return tokenIn((await this.get(page)).body) ?? tokenIn((await this.get('/office/sign-in')).body) ?? '';
  }

  private async send(url: string, form: Record<string, string | string[]>, token: string): Promise<LightMyRequestResponse> {
    const payload = new URLSearchParams({ _csrf: token });
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) payload.append(name, v);
    return this.keep(await this.app.inject({
      method: 'POST', url, headers: { ...this.requestHeaders(url), 'content-type': 'application/x-www-form-urlencoded' },
      payload: payload.toString(),
    }));
  }

  /** Posts a form with files (multipart), as a browser does for a form with a file input. */
  async postMultipart(url: string, form: FormData, fromPage = '/'): Promise<LightMyRequestResponse> {
    form.set('_csrf', await this.csrfTokenOn(fromPage));
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return this.keep(await this.app.inject({
      method: 'POST', url, headers: { ...this.requestHeaders(url), 'content-type': request.headers.get('content-type')! },
      payload: Buffer.from(await request.arrayBuffer()),
    }));
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/office/sign-in', { email, password, return: '/office' }, '/office/sign-in');
  }

  /** Opens an account for a resident of the demo registry and stays signed in as them. */
  async signUp(resident: DemoResident, extra: { email?: string } = {}): Promise<LightMyRequestResponse> {
    return this.followSignIn(await this.post('/sign-up', {
      ...resident, email: extra.email ?? '', password: RESIDENT_PASSWORD, passwordAgain: RESIDENT_PASSWORD, return: '/me',
    }, '/sign-up'));
  }

  async signInResident(resident: DemoResident, password: string = RESIDENT_PASSWORD): Promise<LightMyRequestResponse> {
    return this.followSignIn(await this.post('/sign-in', { idNumber: resident.idNumber, password, return: '/me' }, '/sign-in'));
  }

  private requestHeaders(url: string): Record<string, string> {
    const path = new URL(url, 'http://visitor.invalid').pathname;
    const below = [...this.scoped.values()].filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length).map((c) => [c.name, c.value] as const);
    const cookie = [...below, ...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...this.headers, ...(cookie ? { cookie } : {}) };
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; path?: string; expires?: Date }[]) {
      const gone = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (c.path && c.path !== '/') {
        const key = `${c.path}\n${c.name}`;
        if (gone) this.scoped.delete(key);
        else this.scoped.set(key, { path: c.path, name: c.name, value: c.value });
      } else if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }
}
