import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from './support/databases.ts';
import { sql } from 'kysely';
import { clientPolicy, DEMO_RESIDENTS, startTestPlatform, testConfig, Visitor } from './support/platform.ts';
import { findStaffByEmail } from '../src/modules/agencies/index.ts';
import { issueDocument } from '../src/modules/documents/index.ts';
import { issueApiKey } from '../src/modules/govstack-registration/index.ts';
import { registerClient } from '../src/modules/sso/index.ts';
import { credentialSettings, issueCredential } from '../src/modules/credentials/index.ts';
import { findCountry } from '../src/modules/country/index.ts';
import { findResidentByIdNumber } from '../src/modules/residents/index.ts';
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { agencyScope } from '../src/platform/tenancy.ts';
import { registerTestParty } from './support/relying-party.ts';
import { registerSystemKey } from '../src/modules/exchange/index.ts';

/**
 * Every route marked agencyScoped is probed with another agency's resources: an officer of one
 * agency must get 404, exactly as if the thing did not exist. A new scoped route without a probe
 * here fails the test, so nobody can add one and forget.
 */
interface Probe { method: 'GET' | 'POST'; url: string; form?: Record<string, string> }
type Ids = { service: string; staffId: string; document: string; visit: string; file: string; apiKey: string; oidcClient: string; credential: string; relyingParty: string; exchangeKey: string } & ProbeApplications & ProbeNotices;

const PROBES: Record<string, (ids: Ids) => Probe> = {
  'GET /office/applications/:id': (ids) => ({ method: 'GET', url: `/office/applications/${ids.apps.view}` }),
  'GET /office/applications/:id/files/:file': (ids) => ({ method: 'GET', url: `/office/applications/${ids.apps.view}/files/${ids.appFile}` }),
  'POST /office/applications/:id/assign': (ids) => ({ method: 'POST', url: `/office/applications/${ids.apps.assign}/assign` }),
  'POST /office/applications/:id/request-information': (ids) => ({ method: 'POST', url: `/office/applications/${ids.apps.info}/request-information`, form: { message: 'tenancy probe' } }),
  'POST /office/applications/:id/complete-step': (ids) => ({ method: 'POST', url: `/office/applications/${ids.apps.step}/complete-step` }),
  'POST /office/applications/:id/reject': (ids) => ({ method: 'POST', url: `/office/applications/${ids.apps.reject}/reject`, form: { reason: 'tenancy probe' } }),
  'POST /office/credentials/:id/revoke': (ids) => ({ method: 'POST', url: `/office/credentials/${ids.credential}/revoke`, form: { reason: 'tenancy probe' } }),
  'GET /office/services/:id': (ids) => ({ method: 'GET', url: `/office/services/${ids.service}` }),
  'POST /office/services/:id/availability': (ids) => ({ method: 'POST', url: `/office/services/${ids.service}/availability`, form: { open: 'false' } }),
  'GET /office/staff/:id': (ids) => ({ method: 'GET', url: `/office/staff/${ids.staffId}` }),
  'POST /office/staff/:id/roles': (ids) => ({ method: 'POST', url: `/office/staff/${ids.staffId}/roles`, form: { role: 'auditor', action: 'grant' } }),
  // In this order: the own client is read, changed, then deleted.
  'GET /office/oidc-clients/:id': (ids) => ({ method: 'GET', url: `/office/oidc-clients/${ids.oidcClient}` }),
  'POST /office/oidc-clients/:id': (ids) => ({ method: 'POST', url: `/office/oidc-clients/${ids.oidcClient}`, form: { name: 'Tenancy probe', grantTypes: 'client_credentials', authMethod: 'client_secret_basic', apiScopes: 'registration:read' } }),
  'POST /office/oidc-clients/:id/delete': (ids) => ({ method: 'POST', url: `/office/oidc-clients/${ids.oidcClient}/delete` }),
  'GET /office/relying-parties/:id': (ids) => ({ method: 'GET', url: `/office/relying-parties/${ids.relyingParty}` }),
  'POST /office/relying-parties/:id/status': (ids) => ({ method: 'POST', url: `/office/relying-parties/${ids.relyingParty}/status`, form: { status: 'suspended' } }),
  'POST /office/api-keys/:id/revoke': (ids) => ({ method: 'POST', url: `/office/api-keys/${ids.apiKey}/revoke` }),
  'POST /office/exchange/keys/:kid/revoke': (ids) => ({ method: 'POST', url: `/office/exchange/keys/${ids.exchangeKey}/revoke` }),
  'POST /office/documents/:id/revoke': (ids) => ({ method: 'POST', url: `/office/documents/${ids.document}/revoke`, form: { reason: 'tenancy probe' } }),
  // In this order: the own draft loses its file, is saved, submitted, then has a receipt.
  'GET /office/counter/:visit': (ids) => ({ method: 'GET', url: `/office/counter/${ids.visit}` }),
  'POST /office/counter/:visit/start': (ids) => ({ method: 'POST', url: `/office/counter/${ids.visit}/start`, form: { service: 'resident-registration-certificate' } }),
  'GET /office/counter/:visit/form': (ids) => ({ method: 'GET', url: `/office/counter/${ids.visit}/form` }),
  'GET /office/counter/:visit/form/:page': (ids) => ({ method: 'GET', url: `/office/counter/${ids.visit}/form/request` }),
  'POST /office/counter/:visit/files/:file/remove': (ids) => ({ method: 'POST', url: `/office/counter/${ids.visit}/files/${ids.file}/remove?page=request` }),
  'POST /office/counter/:visit/form/:page': (ids) => ({ method: 'POST', url: `/office/counter/${ids.visit}/form/request`, form: { purpose: 'bank', action: 'save' } }),
  'GET /office/counter/:visit/check': (ids) => ({ method: 'GET', url: `/office/counter/${ids.visit}/check` }),
  'POST /office/counter/:visit/submit': (ids) => ({ method: 'POST', url: `/office/counter/${ids.visit}/submit` }),
  'GET /office/counter/:visit/receipt': (ids) => ({ method: 'GET', url: `/office/counter/${ids.visit}/receipt` }),
  'GET /office/counter/:visit/consent': (ids) => ({ method: 'GET', url: `/office/counter/${ids.visit}/consent` }),
  'POST /office/counter/:visit/lost-phone': (ids) => ({ method: 'POST', url: `/office/counter/${ids.visit}/lost-phone` }),
  'POST /office/counter/:visit/consent': (ids) => ({ method: 'POST', url: `/office/counter/${ids.visit}/consent`, form: { decision: 'refuse' } }),
  'GET /ops/services/:serviceId': (ids) => ({ method: 'GET', url: `/ops/services/${ids.service}` }),
  'GET /ops/incidents/:id': (ids) => ({ method: 'GET', url: `/ops/incidents/${ids.incident}` }),
  'POST /ops/incidents/:id/updates': (ids) => ({ method: 'POST', url: `/ops/incidents/${ids.incident}/updates`, form: { state: 'monitoring', impact: 'degraded', 'body-ko': '조치 중' } }),
  'POST /ops/maintenance/:id/cancel': (ids) => ({ method: 'POST', url: `/ops/maintenance/${ids.maintenance}/cancel` }),
};
// Forms that create something about a service: naming another agency's service is refused, the own one is
// not. They name a service the probes above leave open (the availability probe closes ids.service).
const OPEN_SERVICE: Record<string, string> = { 'driving-licence-renewal': 'criminal-record-certificate', 'moving-in-report': 'birth-registration' };
const CREATES: Record<string, (ids: Ids) => Probe> = {
  'POST /ops/incidents': (ids) => ({ method: 'POST', url: '/ops/incidents', form: { 'title-ko': '점검 탐침', 'body-ko': '탐침', impact: 'degraded', affected: `service:${OPEN_SERVICE[ids.service]}` } }),
  'POST /ops/maintenance': (ids) => ({ method: 'POST', url: '/ops/maintenance', form: { ...futureWindow(), 'body-ko': '탐침 점검', affected: `service:${OPEN_SERVICE[ids.service]}` } }),
};
// Lists of the acting agency's own data: probed for not showing another agency's rows.
const LISTS: Record<string, { url: string; mustNotShow: (ids: Ids) => string }> = {
  'GET /office/applications': { url: '/office/applications', mustNotShow: (ids) => ids.reference },
  'GET /office/statistics': { url: '/office/statistics', mustNotShow: () => 'Renew your driving licence' },
  'GET /office/services': { url: '/office/services', mustNotShow: (ids) => `/office/services/${ids.service}` },
  'GET /office/staff': { url: '/office/staff', mustNotShow: (ids) => ids.staffId },
  'GET /office/audit': { url: '/office/audit', mustNotShow: () => 'agency:police' },
  'GET /office/oidc-clients': { url: '/office/oidc-clients', mustNotShow: (ids) => ids.oidcClient },
  'GET /office/api-keys': { url: '/office/api-keys', mustNotShow: (ids) => ids.apiKey },
  'GET /office/exchange': { url: '/office/exchange', mustNotShow: (ids) => ids.exchangeKey },
  'GET /office/relying-parties': { url: '/office/relying-parties', mustNotShow: (ids) => ids.relyingParty },
  'GET /office/documents': { url: '/office/documents', mustNotShow: (ids) => ids.document },
  'GET /office/counter': { url: '/office/counter', mustNotShow: (ids) => ids.visit },
  'GET /office/credentials': { url: '/office/credentials', mustNotShow: (ids) => ids.credential },
  'GET /ops': { url: '/ops', mustNotShow: (ids) => `/ops/services/${ids.service}` },
  'GET /ops/capacity': { url: '/ops/capacity', mustNotShow: () => 'National Police Agency' },
  'GET /ops/security': { url: '/ops/security', mustNotShow: () => 'National Police Agency' },
  'GET /ops/consolidation': { url: '/ops/consolidation', mustNotShow: () => 'National Police Agency' },
  'GET /ops/incidents': { url: '/ops/incidents', mustNotShow: (ids) => `/ops/incidents/${ids.incident}"` },
  'GET /ops/maintenance': { url: '/ops/maintenance', mustNotShow: (ids) => `/ops/maintenance/${ids.maintenance}/cancel` },
};

for (const target of databaseTargets()) {
  describe(`agency isolation [${target.name}]`, () => {
    let platform: Awaited<ReturnType<typeof startTestPlatform>>;
    const scoped: string[] = [];
    let interiorAdmin: Visitor;
    let police: Ids, interior: Ids;

    before(async () => {
      platform = await startTestPlatform(target);
      for (const r of platform.app.routeTable) if (r.agencyScoped && r.method !== 'HEAD') scoped.push(`${r.method} ${r.url}`);
      police = { service: 'driving-licence-renewal', staffId: (await findStaffByEmail(platform.database.db, 'officer.police@demo.hanaro.example'))!.id, document: await probeDocument(platform, 'police'), ...await probeCounterVisit(platform, 'police'), apiKey: await probeApiKey(platform, 'police'), oidcClient: await probeOidcClient(platform, 'police'), relyingParty: await probeRelyingParty(platform, 'police'), exchangeKey: await probeExchangeKey(platform, 'police'), ...await probeApplications(platform, 'police'), ...await probeNotices(platform, 'police'), credential: await probeCredential(platform, 'mobile-driving-licence', DEMO_RESIDENTS.woosung.idNumber) };
      interior = { service: 'moving-in-report', staffId: (await findStaffByEmail(platform.database.db, 'officer.interior@demo.hanaro.example'))!.id, document: await probeDocument(platform, 'interior'), ...await probeCounterVisit(platform, 'interior'), apiKey: await probeApiKey(platform, 'interior'), oidcClient: await probeOidcClient(platform, 'interior'), relyingParty: await probeRelyingParty(platform, 'interior'), exchangeKey: await probeExchangeKey(platform, 'interior'), ...await probeApplications(platform, 'interior'), ...await probeNotices(platform, 'interior'), credential: await probeCredential(platform, 'mobile-resident-card', DEMO_RESIDENTS.junho.idNumber) };
      interiorAdmin = new Visitor(platform.app, { 'accept-language': 'en' });
      const res = await interiorAdmin.signIn('admin.interior@demo.hanaro.example');
      assert.equal(res.statusCode, 303);
    });
    after(() => platform.close());

    it('has a probe for every agency-scoped route', () => {
      assert.ok(scoped.length >= 6, `found ${scoped.length} scoped routes`);
      const missing = scoped.filter((r) => !PROBES[r] && !LISTS[r] && !CREATES[r]);
      assert.deepEqual(missing, [], 'agency-scoped routes without a cross-agency probe');
    });

    for (const [route, probe] of Object.entries(PROBES)) {
      it(`${route}: another agency's resource is 404, the own one is not`, async () => {
        const foreign = probe(police);
        const res = foreign.method === 'GET' ? await interiorAdmin.get(foreign.url) : await interiorAdmin.post(foreign.url, foreign.form ?? {}, '/office');
        assert.equal(res.statusCode, 404, `${foreign.method} ${foreign.url}`);
        const own = probe(interior);
        const ok = own.method === 'GET' ? await interiorAdmin.get(own.url) : await interiorAdmin.post(own.url, own.form ?? {}, '/office');
        assert.ok([200, 303].includes(ok.statusCode), `own ${own.url} gave ${ok.statusCode}`);
      });
    }

    for (const [route, probe] of Object.entries(CREATES)) {
      it(`${route}: naming another agency's service is refused and creates nothing, the own one is accepted`, async () => {
        const foreign = probe(police);
        const refused = await interiorAdmin.post(foreign.url, foreign.form ?? {}, foreign.url);
        assert.equal(refused.statusCode, 400, `${foreign.method} ${foreign.url} with ${police.service}`);
        const own = probe(interior);
        const accepted = await interiorAdmin.post(own.url, own.form ?? {}, own.url);
        assert.equal(accepted.statusCode, 303, `own ${own.url} gave ${accepted.statusCode}`);
        const policeAdmin = await policeAdminOf(platform);
        assert.doesNotMatch((await policeAdmin.get(own.url)).body, /점검 탐침|탐침 점검/, 'nothing was written for the police');
      });
    }

    for (const [route, list] of Object.entries(LISTS)) {
      it(`${route}: lists only the acting agency's data`, async () => {
        const res = await interiorAdmin.get(list.url);
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes(list.mustNotShow(police)), `${list.url} shows police data`);
      });
    }

    it('the police service stayed open: the refused change did not happen', async () => {
      const res = await new Visitor(platform.app).get('/services/driving-licence-renewal');
      assert.equal(res.statusCode, 200);
    });

    it('cannot switch to an agency where one holds no role', async () => {
      const res = await interiorAdmin.post('/office/acting-agency', { agency: 'police' }, '/office');
      assert.equal(res.statusCode, 404);
    });

    it('an officer without the admin role is refused admin pages with 403', async () => {
      const officer = new Visitor(platform.app);
      await officer.signIn('officer.interior@demo.hanaro.example');
      assert.equal((await officer.get('/office/staff')).statusCode, 403);
      assert.equal((await officer.get('/office/services')).statusCode, 200);
    });
  });
}

async function probeDocument(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: string): Promise<string> {
  const input = {
    agencyId, serviceId: 'probe', applicationId: `probe-${agencyId}`, residentId: 'probe-resident', holderName: '김민준', holderIdNumber: '900101-1234568',
    title: { ko: '확인서', en: 'Confirmation' }, statements: [], issuedAt: new Date(), validityDays: null, languages: ['ko', 'en'],
  };
  // The platform's own secret: the agency key made here also signs what the platform issues later.
  const settings = testConfig();
  return (await platform.database.db.transaction().execute((trx) => issueDocument(trx, input, { actor: 'system:test' }, settings))).documentId;
}

/** A resident served at the agency's counter, with a complete draft that carries one file. */
async function probeCounterVisit(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: 'interior' | 'police'): Promise<{ visit: string; file: string }> {
  const officer = new Visitor(platform.app);
  await officer.signIn(`officer.${agencyId}@demo.hanaro.example`);
  const resident = agencyId === 'interior' ? DEMO_RESIDENTS.woosung : DEMO_RESIDENTS.lan;
  const found = await officer.post('/office/counter', { ...resident, documentKind: 'resident_card', documentRef: '0000' }, '/office/counter');
  const visit = /\/office\/counter\/([0-9a-f-]{36})/.exec(found.headers.location ?? '')?.[1] ?? '';
  assert.ok(visit, `a counter visit at ${agencyId}`);
  if (agencyId !== 'interior') return { visit, file: '00000000-0000-4000-8000-000000000000' };
  const base = `/office/counter/${visit}`;
  await officer.post(`${base}/start`, { service: 'resident-registration-certificate' }, base);
  await officer.post(`${base}/form/request`, { purpose: 'bank', action: 'continue' }, base);
  await officer.post(`${base}/form/contents`, { includeAddressHistory: 'no', copies: '1', action: 'continue' }, base);
  const { rows } = await sql<{ id: string }>`insert into application_files (application_id, field, filename, media_type, size, sha256, content)
    select application_id, 'scan', 'scan.pdf', 'application/pdf', 8, 'x', ${Buffer.from('%PDF-1.7')} from counter_visits where id = ${visit}
    returning id`.execute(platform.database.db);
  return { visit, file: rows[0]!.id };
}

/** An API key of the agency, by id (the list page shows ids only in its revoke forms). */
async function probeApiKey(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: string): Promise<string> {
  const admin = (await findStaffByEmail(platform.database.db, `admin.${agencyId}@demo.hanaro.example`))!;
  const issued = await issueApiKey(platform.database.db, agencyScope(agencyId), { label: `${agencyId} probe`, scopes: ['registration:read'] }, { staffId: admin.id, who: { actor: 'system:test' } });
  if (!issued.ok) throw new Error('probe key not issued');
  return issued.id;
}

/** A public key of one of the agency's own systems, registered for the information mediator. */
async function probeExchangeKey(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: string): Promise<string> {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const registered = await registerSystemKey(platform.database.db, agencyScope(agencyId), { label: `${agencyId} probe system`, jwk: JSON.stringify(jwk) }, { actor: 'system:test' });
  if (!registered.ok) throw new Error('probe exchange key not registered');
  return registered.kid;
}

/** A relying party (an ID-checking counter) the agency registered. */
async function probeRelyingParty(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: string): Promise<string> {
  const registered = await registerTestParty(platform.database.db,
    { nameKo: `${agencyId} 창구`, nameEn: `${agencyId} counter`, legalName: `${agencyId} counter`, checks: ['age-over-19'] }, { kind: 'agency', scope: agencyScope(agencyId) });
  return registered.id;
}

async function probeOidcClient(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: string): Promise<string> {
  const registered = await registerClient(platform.database.db, agencyScope(agencyId), `${agencyId}-probe-client`, {
    name: `${agencyId} probe`, logoUri: null, redirectUris: [], grantTypes: ['client_credentials'], authMethod: 'client_secret_basic',
    publicJwk: null, userClaims: [], apiScopes: ['registration:read'], acrValues: [], status: 'active',
  }, clientPolicy(), { actor: 'system:test' });
  if (!registered.ok) throw new Error('probe client not registered');
  return registered.clientId;
}

interface ProbeApplications { apps: Record<'view' | 'assign' | 'info' | 'step' | 'reject', string>; appFile: string; reference: string }

/** Submitted applications of the agency, one per action probed, and a file on the first. */
async function probeApplications(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: 'interior' | 'police'): Promise<ProbeApplications> {
  const service = agencyId === 'interior' ? 'resident-registration-certificate' : 'driving-licence-renewal';
  const answers = agencyId === 'interior' ? { purpose: 'bank', includeAddressHistory: 'no', copies: 1 } : {};
  const apps = {} as ProbeApplications['apps'];
  for (const key of ['view', 'assign', 'info', 'step', 'reject'] as const) {
    const { rows } = await sql<{ id: string }>`insert into applications (reference, service_id, agency_id, resident_id, status, answers, filed_by, submitted_at, due_at)
      select ${`PROBE-${agencyId}-${key}`}, ${service}, ${agencyId}, id, 'submitted', ${JSON.stringify(answers)}::jsonb, 'system:test', now(), now() + interval '7 days'
      from residents where id_number = ${DEMO_RESIDENTS.junho.idNumber} returning id`.execute(platform.database.db);
    apps[key] = rows[0]!.id;
  }
  const { rows } = await sql<{ id: string }>`insert into application_files (application_id, field, filename, media_type, size, sha256, content)
    values (${apps.view}, 'scan', 'scan.pdf', 'application/pdf', 8, 'x', ${Buffer.from('%PDF-1.7')}) returning id`.execute(platform.database.db);
  return { apps, appFile: rows[0]!.id, reference: `PROBE-${agencyId}-view` };
}

/** A mobile credential the agency issued (to a fresh holder key), by id. */
async function probeCredential(platform: Awaited<ReturnType<typeof startTestPlatform>>, typeId: string, idNumber: string): Promise<string> {
  const db = platform.database.db;
  const settings = credentialSettings(testConfig(), (await findCountry(db))!);
  const holderKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK;
  const residentId = (await findResidentByIdNumber(db, idNumber))!.id;
  return (await issueCredential(db, { residentId, typeId, format: 'dc+sd-jwt', holderKey }, settings, { actor: 'system:test' })).id;
}

interface ProbeNotices { incident: string; maintenance: string }

/** A maintenance window tomorrow, as the console's form takes it (local time of the country). */
function futureWindow(): { startsAt: string; endsAt: string } {
  const local = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);
  return { startsAt: local(24), endsAt: local(26) };
}

async function policeAdminOf(platform: Awaited<ReturnType<typeof startTestPlatform>>): Promise<Visitor> {
  const admin = new Visitor(platform.app, { 'accept-language': 'en' });
  assert.equal((await admin.signIn('admin.police@demo.hanaro.example')).statusCode, 303);
  return admin;
}

/** An incident and a maintenance window about one of the agency's services, written by its administrator. */
async function probeNotices(platform: Awaited<ReturnType<typeof startTestPlatform>>, agencyId: 'interior' | 'police'): Promise<ProbeNotices> {
  const admin = new Visitor(platform.app, { 'accept-language': 'en' });
  assert.equal((await admin.signIn(`admin.${agencyId}@demo.hanaro.example`)).statusCode, 303);
  const service = agencyId === 'police' ? 'driving-licence-renewal' : 'moving-in-report';
  const opened = await admin.post('/ops/incidents', { 'title-ko': `${agencyId} 장애`, 'body-ko': '확인 중', impact: 'degraded', affected: `service:${service}` }, '/ops/incidents');
  assert.equal(opened.statusCode, 303, 'probe incident opened');
  const incident = /\/ops\/incidents\/(\d+)/.exec(String(opened.headers.location))![1]!;
  const scheduled = await admin.post('/ops/maintenance', { ...futureWindow(), 'body-ko': `${agencyId} 작업`, affected: `service:${service}` }, '/ops/maintenance');
  assert.equal(scheduled.statusCode, 303, 'probe window scheduled');
  const maintenance = /\/ops\/maintenance\/(\d+)\/cancel/.exec((await admin.get('/ops/maintenance')).body)![1]!;
  return { incident, maintenance };
}
