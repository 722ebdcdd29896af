import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnyDb } from '../../platform/db/database.ts';
import { apiActorOf, bearerTokenOf, resolveApiCaller, type ApiCaller, type BearerVerifier } from '../../platform/http/api-callers.ts';
import { AppError } from '../../platform/http/errors.ts';
import { informationMediatorCheck } from '../../platform/http/information-mediator.ts';
import { agencyScope, type AgencyScope } from '../../platform/tenancy.ts';
import { listAgencies } from '../agencies/index.ts';
import { findResidentById, findResidentByIdNumber } from '../residents/index.ts';
import { policyApiRoutes } from './api-policy-routes.ts';
import { presentAgreement, presentAgreementRevision, presentConsent, presentConsentRevision, presentIndividual, type PresentContext } from './api-present.ts';
import { agreementOfRow, consentBundle } from './consent-bundles.ts';
import { giveConsent } from './give-consent.ts';
import { checkIntegrity } from './revisions.ts';
import { CONSENT_SCOPES } from './scopes.ts';
import * as store from './store.ts';
import { withdrawConsent } from './withdraw-consent.ts';

export const CONSENT_API_PREFIX = '/govstack/consent';
// Bearer-authenticated, so no CSRF. Not `agencyScoped` (that is for staff pages): the cross-agency 404s are proven in api.test.ts.
const API_CONFIG = { csrf: false } as const;

const id = { type: 'string', minLength: 1, maxLength: 100 };
const agreementParams = { type: 'object', required: ['dataAgreementId'], properties: { dataAgreementId: id } };
const individualParams = { type: 'object', required: ['individualId'], properties: { individualId: { type: 'string', minLength: 1, maxLength: 64 } } };
const recordParams = { type: 'object', required: ['consentRecordId'], properties: { consentRecordId: id } };
const page = { offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 } };
const individual = { individualId: { type: 'string', minLength: 1, maxLength: 64 } };
const listQuery = { type: 'object', properties: { ...page, ...individual } };
const verificationQuery = { type: 'object', properties: { ...page, ...individual, dataAgreementId: id, optIn: { type: 'boolean' } } };
const createQuery = {
  type: 'object',
  properties: { ...individual, revisionId: { type: 'string', maxLength: 200 }, language: { type: 'string', maxLength: 20 }, applicationId: { type: 'string', minLength: 1, maxLength: 100 } },
};
const updateBody = {
  type: 'object', required: ['consentRecord'],
  properties: { consentRecord: { type: 'object', required: ['optIn'], properties: { optIn: { type: 'boolean' } } } },
};

type Page = { offset: number; limit: number };

/** The caller holding one of `scopes`: 401 with a Bearer challenge without a caller, 403 without the scope. */
async function authorize(request: FastifyRequest, reply: FastifyReply, verifiers: readonly BearerVerifier[], scopes: readonly string[]): Promise<{ caller: ApiCaller; scope: AgencyScope }> {
  const caller = await resolveApiCaller(request, verifiers);
  if (!caller) {
    reply.header('www-authenticate', `Bearer realm="hanaro"${bearerTokenOf(request) ? ', error="invalid_token"' : ''}`);
    throw new AppError(401, 'unauthorized', 'error.apiUnauthorized');
  }
  if (!scopes.some((s) => caller.scopes.includes(s))) {
    reply.header('www-authenticate', `Bearer realm="hanaro", error="insufficient_scope", scope="${scopes.join(' ')}"`);
    throw new AppError(403, 'insufficient_scope', 'error.apiScope', { vars: { scope: scopes.join(' ') } });
  }
  return { caller, scope: agencyScope(caller.agencyId) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GovStack's individualId is the resident: their ID number, or their id in the resident registry. */
function individualIdOf(request: FastifyRequest): string | undefined {
  const query = (request.query as { individualId?: string }).individualId;
  const header = request.headers['individual-id'];
  return query ?? (typeof header === 'string' && header.trim() ? header.trim().slice(0, 64) : undefined);
}

async function residentOf(conn: AnyDb, individualId: string): Promise<string | undefined> {
  return (UUID.test(individualId) ? await findResidentById(conn, individualId) : await findResidentByIdNumber(conn, individualId))?.id;
}

async function requireResident(conn: AnyDb, request: FastifyRequest): Promise<string> {
  const given = individualIdOf(request);
  if (!given) throw new AppError(400, 'individual_missing', 'consent.error.individualMissing', { field: 'individualId' });
  const residentId = await residentOf(conn, given);
  if (!residentId) throw new AppError(404, 'unknown_individual', 'consent.error.unknownIndividual', { field: 'individualId' });
  return residentId;
}

const unknownIndividual = () => new AppError(404, 'unknown_individual', 'consent.error.unknownIndividual', { field: 'individualId' });
const unknownAgreement = (agreementId: string) => new AppError(404, 'unknown_agreement', 'consent.error.unknownAgreement', { field: 'dataAgreementId', vars: { id: agreementId } });
const unknownConsent = (consentId: string) => new AppError(404, 'unknown_consent_record', 'consent.error.unknownConsent', { field: 'consentRecordId', vars: { id: consentId } });

/**
 * The GovStack Consent BB API for agency systems: an agency's data agreements, and consents given to them.
 * Every query names the caller's agency: another agency's agreement or consent answers 404.
 */
export function consentApiRoutes(conn: AnyDb, opts: { verifiers: readonly BearerVerifier[]; publicUrl: string }) {
  return async function routes(app: FastifyInstance) {
    app.addHook('onRequest', informationMediatorCheck('consent.error.mediatorHeader'));
    const auth = (request: FastifyRequest, reply: FastifyReply, ...scopes: string[]) => authorize(request, reply, opts.verifiers, scopes);
    const context = async (request: FastifyRequest): Promise<PresentContext> => {
      const agencies = new Map((await listAgencies(conn)).map((a) => [a.id, a.name]));
      return { tr: request.tr, publicUrl: opts.publicUrl, agencyName: (agency) => agencies.get(agency) ?? { en: agency } };
    };
    const presentAll = async (request: FastifyRequest, rows: store.ConsentRow[]) => {
      const ctx = await context(request);
      const out = [];
      for (const row of rows) out.push(presentConsent(await consentBundle(conn, row), ctx));
      return out;
    };
    const one = async (request: FastifyRequest, row: store.ConsentRow) => {
      const bundle = await consentBundle(conn, row);
      return { consentRecord: presentConsent(bundle, await context(request)), revision: presentConsentRevision(bundle.revisions.at(-1)!, row.resident_id) };
    };
    const ownAgreement = async (scope: AgencyScope, agreementId: string) => {
      const agreement = await store.findAgencyAgreement(conn, scope, agreementId);
      if (!agreement) throw unknownAgreement(agreementId);
      return agreement;
    };
    const withRevision = async (request: FastifyRequest, agreement: store.AgreementRow) => ({
      dataAgreement: presentAgreement(agreementOfRow(agreement), await context(request)),
      revision: presentAgreementRevision((await store.findAgreementRevision(conn, agreement.id, agreement.version))!),
    });
    const route = (schema: object) => ({ config: API_CONFIG, schema });
    const P = CONSENT_API_PREFIX;
    const presentAgreements = async (request: FastifyRequest, rows: store.AgreementRow[]) => {
      const ctx = await context(request);
      return rows.map((a) => presentAgreement(agreementOfRow(a), ctx));
    };

    // Individuals are the platform's residents, never a copy: an agency's are those with a consent record to one of its agreements.
    const agencyIndividual = async (scope: AgencyScope, given: string) => {
      const residentId = await residentOf(conn, given);
      const known = residentId && (await store.listAgencyConsents(conn, scope, { residentId }, { offset: 0, limit: 1 })).length > 0;
      if (!residentId || !known) throw unknownIndividual();
      return { individual: presentIndividual(residentId, (await findResidentById(conn, residentId))?.id_number ?? null) };
    };
    const agencyIndividuals = async (scope: AgencyScope, q: Page) => {
      const individuals = [];
      for (const residentId of await store.listAgencyIndividuals(conn, scope, q)) individuals.push(presentIndividual(residentId, (await findResidentById(conn, residentId))?.id_number ?? null));
      return { individuals };
    };
    for (const [side, scopes] of [['config', [CONSENT_SCOPES.read]], ['service', [CONSENT_SCOPES.record]]] as const) {
      app.get(`${P}/${side}/individual/:individualId/`, route({ params: individualParams }), async (request, reply) => {
        const { scope } = await auth(request, reply, ...scopes);
        return agencyIndividual(scope, (request.params as { individualId: string }).individualId);
      });
      app.get(`${P}/${side}/individuals/`, route({ querystring: { type: 'object', properties: page } }), async (request, reply) => {
        const { scope } = await auth(request, reply, ...scopes);
        return agencyIndividuals(scope, request.query as Page);
      });
    }

    policyApiRoutes(app, conn, auth, P, API_CONFIG);

    // Data agreements: the calling agency's own (config), or one it controls or answers for (service).
    app.get(`${P}/config/data-agreement/:dataAgreementId/`, route({ params: agreementParams }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.read);
      return withRevision(request, await ownAgreement(scope, (request.params as { dataAgreementId: string }).dataAgreementId));
    });

    app.get(`${P}/config/data-agreements/`, route({ querystring: { type: 'object', properties: page } }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.read);
      return { dataAgreement: await presentAgreements(request, await store.listAgencyAgreements(conn, scope, request.query as Page)) };
    });

    app.get(`${P}/service/data-agreement/:dataAgreementId/`, route({ params: agreementParams }), async (request, reply) => {
      const { caller } = await auth(request, reply, CONSENT_SCOPES.read, CONSENT_SCOPES.record);
      const agreementId = (request.params as { dataAgreementId: string }).dataAgreementId;
      const agreement = await store.findAgreement(conn, agreementId);
      const involved = agreement && (agreement.controller_agency_id === caller.agencyId || agreement.attributes.some((a) => a.providerAgencyId === caller.agencyId));
      if (!agreement || !involved) throw unknownAgreement(agreementId);
      return withRevision(request, agreement);
    });

    // An individual's consent records, kept by the agency system that asked for them (a counter, an app).
    app.post(`${P}/service/individual/record/data-agreement/:dataAgreementId/`, route({ params: agreementParams, querystring: createQuery }), async (request, reply) => {
      const { caller, scope } = await auth(request, reply, CONSENT_SCOPES.record);
      const agreement = await ownAgreement(scope, (request.params as { dataAgreementId: string }).dataAgreementId);
      const residentId = await requireResident(conn, request);
      const q = request.query as { revisionId?: string; language?: string; applicationId?: string };
      if (q.revisionId !== undefined && q.revisionId !== `${agreement.id}:${agreement.version}`) {
        throw new AppError(409, 'revision_outdated', 'consent.error.invalidInput', { field: 'revisionId', vars: { what: 'revisionId' } });
      }
      const who = apiActorOf(caller, request.id);
      const given = await giveConsent(conn, {
        residentId, dataAgreementId: agreement.id, language: q.language ?? request.tr.locale, channel: 'api', applicationId: q.applicationId ?? null, actor: who.actor, requestId: who.requestId,
      });
      return one(request, (await store.findConsent(conn, given.id))!);
    });

    app.get(`${P}/service/individual/record/data-agreement/:dataAgreementId/`, route({ params: agreementParams, querystring: { type: 'object', properties: individual } }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.record);
      const agreement = await ownAgreement(scope, (request.params as { dataAgreementId: string }).dataAgreementId);
      const residentId = await requireResident(conn, request);
      const [newest] = await store.listAgencyConsents(conn, scope, { residentId, agreementId: agreement.id }, { offset: 0, limit: 1 });
      if (!newest) throw new AppError(404, 'no_consent_record', 'consent.error.unknownConsent', { field: 'individualId', vars: { id: agreement.id } });
      return { consentRecord: (await one(request, newest)).consentRecord };
    });

    app.get(`${P}/service/individual/record/consent-record/`, route({ querystring: listQuery }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.record);
      const residentId = await requireResident(conn, request);
      return { consentRecords: await presentAll(request, await store.listAgencyConsents(conn, scope, { residentId }, request.query as Page)) };
    });

    app.put(`${P}/service/individual/record/consent-record/:consentRecordId/`, route({ params: recordParams, body: updateBody, querystring: { type: 'object', properties: individual } }), async (request, reply) => {
      const { caller, scope } = await auth(request, reply, CONSENT_SCOPES.record);
      const consentId = (request.params as { consentRecordId: string }).consentRecordId;
      const record = await store.findAgencyConsent(conn, scope, consentId);
      const named = individualIdOf(request);
      if (!record || (named !== undefined && await residentOf(conn, named) !== record.resident_id)) throw unknownConsent(consentId);
      if ((request.body as { consentRecord: { optIn: boolean } }).consentRecord.optIn) {
        throw new AppError(400, 'only_withdraw', 'consent.error.onlyWithdraw', { field: 'consentRecord.optIn' });
      }
      const who = apiActorOf(caller, request.id);
      await withdrawConsent(conn, { consentId: record.id, residentId: record.resident_id, actor: who.actor, requestId: who.requestId });
      return one(request, (await store.findConsent(conn, record.id))!);
    });

    // Verification: does a consent exist, is it in force? For the agency's systems before they read.
    app.get(`${P}/service/verification/consent-records/`, route({ querystring: verificationQuery }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.read);
      const q = request.query as Page & { dataAgreementId?: string; optIn?: boolean };
      const named = individualIdOf(request);
      const residentId = named === undefined ? undefined : await residentOf(conn, named);
      if (named !== undefined && !residentId) return { consentRecords: [] };
      const filter = { ...(residentId ? { residentId } : {}), ...(q.dataAgreementId ? { agreementId: q.dataAgreementId } : {}), ...(q.optIn === undefined ? {} : { state: q.optIn ? 'given' as const : 'withdrawn' as const }) };
      return { consentRecords: await presentAll(request, await store.listAgencyConsents(conn, scope, filter, q)) };
    });

    app.get(`${P}/service/verification/consent-record/:consentRecordId/`, route({ params: recordParams }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.read);
      const consentId = (request.params as { consentRecordId: string }).consentRecordId;
      const record = await store.findAgencyConsent(conn, scope, consentId);
      if (!record) throw unknownConsent(consentId);
      return one(request, record);
    });

    app.get(`${P}/service/verification/data-agreements/`, route({ querystring: { type: 'object', properties: page } }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.read);
      return { dataAgreements: await presentAgreements(request, await store.listInvolvedAgreements(conn, scope, request.query as Page)) };
    });

    // Audit: the agency's agreements, retired ones too; every record of them, one with its whole history and whether it is intact.
    app.get(`${P}/audit/data-agreements/`, route({ querystring: { type: 'object', properties: page } }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.audit);
      return { dataAgreements: await presentAgreements(request, await store.listAgencyAgreements(conn, scope, request.query as Page)) };
    });

    app.get(`${P}/audit/data-agreement/:dataAgreementId/`, route({ params: agreementParams }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.audit);
      const agreement = await ownAgreement(scope, (request.params as { dataAgreementId: string }).dataAgreementId);
      return { dataAgreement: (await presentAgreements(request, [agreement]))[0] };
    });

    app.get(`${P}/audit/consent-records/`, route({ querystring: { type: 'object', properties: page } }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.audit);
      return { consentRecords: await presentAll(request, await store.listAgencyConsents(conn, scope, {}, request.query as Page)) };
    });

    app.get(`${P}/audit/consent-record/:consentRecordId/`, route({ params: recordParams }), async (request, reply) => {
      const { scope } = await auth(request, reply, CONSENT_SCOPES.audit);
      const consentId = (request.params as { consentRecordId: string }).consentRecordId;
      const record = await store.findAgencyConsent(conn, scope, consentId);
      if (!record) throw unknownConsent(consentId);
      const bundle = await consentBundle(conn, record);
      const integrity = checkIntegrity(record, bundle.revisions);
      return {
        consentRecord: presentConsent(bundle, await context(request)),
        revisions: bundle.revisions.map((r) => presentConsentRevision(r, record.resident_id)),
        integrity: integrity.ok ? { intact: true } : { intact: false, problem: integrity.problem, ...(integrity.seq ? { revision: integrity.seq } : {}) },
      };
    });
  };
}
