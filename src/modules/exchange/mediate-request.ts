import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { findAgency } from '../agencies/index.ts';
import type { DataService } from '../packs/index.ts';
import { readRecordsAbout, type Reader } from '../registries/index.ts';
import { findResidentByIdNumber } from '../residents/index.ts';
import { ExchangeRefusal } from './errors.ts';
import type { Keyring } from './member-keys.ts';
import { agencyOfMember, parseMemberId, SUBSYSTEM, type ClientId } from './members.ts';
import { readRequest, requestHashOf, RESPONSE_TYPE, signedBy, signMessage, REQUEST_TYPE, type RequestClaims, type ResponseClaims } from './signed-messages.ts';
import * as store from './store.ts';
import { inSpan } from '../../platform/tracing/tracing.ts';

export type ConsentCheck = { ok: true } | { ok: false; reason: string };
/** CONSENT's `checkConsent`, handed in by app.ts so the exchange does not depend on the consent module. */
export type CheckConsent = (conn: AnyDb, q: { consentId: string; residentId: string; consumerAgencyId: string; dataServiceId: string }) => Promise<ConsentCheck>;

export interface ExchangeSettings {
  /** The country code: the GovStack instance every agency is a member of. */
  instance: string;
  /** The language the read log's legal basis is written in. */
  locale: string;
  keyring: Keyring;
  checkConsent: CheckConsent;
  /** How far a request's iat may be from the mediator's clock. */
  clockSkewSeconds: number;
}

/** How the request reached the mediator: an agency system over HTTP (bearer + header + path) or Hanaro itself. */
export type Transport =
  | { via: 'api'; callerAgencyId: string; client: ClientId; provider: { memberId: string; applicationCode: string; serviceCode: string } }
  | { via: 'platform' };

export interface MediateInput { requestJws: string; transport: Transport; reader: Reader; who: Actor }

export interface Mediated {
  messageId: string; providerAgencyId: string; dataServiceId: string;
  records: Record<string, unknown>[]; responseJws: string; fetchedAt: string;
}

/** What is known of the request so far: a refusal is logged with as much of it as the steps learned. */
interface Trail {
  messageId: string; claims?: RequestClaims; clientAgencyId?: string; providerAgencyId?: string;
  dataServiceId?: string; verified?: boolean;
}

/**
 * The information mediator: checks a member's signed request step by step and answers it with the
 * provider's signed response, logged at both ends with both messages. A refusal is logged (and
 * audited) too, and thrown as an ExchangeRefusal.
 */
export async function mediateRequest(conn: AnyDb, s: ExchangeSettings, input: MediateInput): Promise<Mediated> {
  const trail: Trail = { messageId: randomUUID() };
  if (input.transport.via === 'api') trail.clientAgencyId = input.transport.callerAgencyId;
  return inSpan('exchange.mediate', { 'hanaro.exchange.transport': input.transport.via, 'hanaro.exchange.message_id': trail.messageId }, async (span) => {
    try {
      return await atomically(conn, (trx) => answer(trx, s, input, trail), (trx, refusal) => logRefusal(trx, s, input, trail, refusal));
    } finally {
      // Who asked whom for what, as far as the steps got: member and service ids, never the subject.
      span?.setAttributes({
        'hanaro.exchange.client_agency': trail.clientAgencyId, 'hanaro.exchange.provider_agency': trail.providerAgencyId,
        'hanaro.exchange.data_service': trail.dataServiceId, 'hanaro.exchange.verified': trail.verified ?? false,
      });
    }
  });
}

async function answer(trx: AnyDb, s: ExchangeSettings, input: MediateInput, trail: Trail): Promise<Mediated> {
  const { kid, claims } = readRequest(input.requestJws);
  trail.claims = claims;
  // The provider is looked up first so that it, too, keeps the refusal of an unknown client.
  trail.providerAgencyId = await memberAgency(trx, s, claims.aud) ?? undefined;
  const client = await identifyMember(trx, s, claims.iss);
  const provider = trail.providerAgencyId;
  if (!provider) throw new ExchangeRefusal('unknown_member', `${claims.aud} is not a member of ${s.instance}`);
  if (input.transport.via === 'platform') trail.clientAgencyId = client;
  checkTransport(input.transport, s, client, claims);
  await verifySignature(trx, s, client, kid, input.requestJws);
  trail.verified = true;
  checkFreshness(claims, s);
  if (!await store.claimRequestId(trx, client, claims.jti)) throw new ExchangeRefusal('replayed_request', 'this jti was used before');
  const service = await findService(trx, claims.service, provider);
  trail.dataServiceId = service.id;
  if (!service.consumers.includes(client)) throw new ExchangeRefusal('service_not_allowed', `${client} is not a consumer of ${service.id}`);
  await checkConsent(trx, s, service, client, claims);
  const records = await readRecords(trx, s, service, claims, input.reader, trail.messageId);
  const response = await signResponse(trx, s, { provider, claims, records, messageId: trail.messageId, requestJws: input.requestJws, who: input.who });
  await store.insertMessages(trx, logRows(trail, input.requestJws, { outcome: 'answered', reason: null, responseJws: response.jws, recordCount: records.length }));
  return { messageId: trail.messageId, providerAgencyId: provider, dataServiceId: service.id, records, responseJws: response.jws, fetchedAt: response.at };
}

/** The data service's records about the subject, each read logged for the resident with why, by whom, and this exchange's id. */
async function readRecords(trx: AnyDb, s: ExchangeSettings, service: DataService, claims: RequestClaims, reader: Reader, messageId: string): Promise<Record<string, unknown>[]> {
  const read = await inSpan('exchange.provide', { 'hanaro.exchange.provider_agency': service.agency, 'hanaro.exchange.data_service': service.id }, () => readRecordsAbout(trx, { registryId: service.registry, subjectField: service.subjectField, idNumber: claims.subject, fields: service.returns }, {
    reader, purpose: claims.purpose, legalBasis: service.legalBasis, serviceId: claims.serviceId ?? null,
    applicationId: claims.applicationId ?? null, channel: 'exchange', mediator: 'hanaro-im', consentId: claims.consentId ?? null, requestId: messageId,
  }, s.locale));
  if (!read) throw new ExchangeRefusal('provider_unavailable', `${service.registry} has no published version`);
  return read.records;
}

/** The provider's signed answer, bound to the request by its jti and hash. */
async function signResponse(trx: AnyDb, s: ExchangeSettings, a: { provider: string; claims: RequestClaims; records: Record<string, unknown>[]; messageId: string; requestJws: string; who: Actor }) {
  const iat = Math.floor(Date.now() / 1000);
  const response: ResponseClaims = {
    iss: a.claims.aud, aud: a.claims.iss, jti: a.messageId, requestJti: a.claims.jti, requestHash: requestHashOf(a.requestJws),
    service: a.claims.service, records: a.records, iat,
  };
  return { jws: await signMessage(response, RESPONSE_TYPE, await s.keyring.signingKeyOf(trx, a.provider, a.who)), at: new Date(iat * 1000).toISOString() };
}

async function memberAgency(trx: AnyDb, s: ExchangeSettings, memberId: string): Promise<string | null> {
  const agencyId = agencyOfMember(parseMemberId(memberId), s.instance);
  return agencyId && await findAgency(trx, agencyId) ? agencyId : null;
}

async function identifyMember(trx: AnyDb, s: ExchangeSettings, memberId: string): Promise<string> {
  const agencyId = await memberAgency(trx, s, memberId);
  if (!agencyId) throw new ExchangeRefusal('unknown_member', `${memberId} is not a member of ${s.instance}`);
  return agencyId;
}

/** Over HTTP, the bearer's agency, the Information-Mediator-Client header and the signed iss name one member; the path names the signed aud and service. */
function checkTransport(t: Transport, s: ExchangeSettings, client: string, claims: RequestClaims): void {
  if (t.via !== 'api') return;
  const headerAgency = agencyOfMember(t.client, s.instance);
  if (headerAgency !== t.callerAgencyId) throw new ExchangeRefusal('client_mismatch', 'the Information-Mediator-Client header names another member than the credential');
  if (client !== headerAgency) throw new ExchangeRefusal('client_mismatch', 'the request is signed as another member than the Information-Mediator-Client header');
  if (t.provider.memberId !== claims.aud || t.provider.serviceCode !== claims.service || t.provider.applicationCode !== SUBSYSTEM) {
    throw new ExchangeRefusal('bad_request', 'the path names another provider or service than the signed request');
  }
}

async function verifySignature(trx: AnyDb, s: ExchangeSettings, client: string, kid: string, jws: string): Promise<void> {
  const key = await s.keyring.verificationKeyOf(trx, client, kid);
  if (!key || !await signedBy(jws, key, REQUEST_TYPE)) throw new ExchangeRefusal('bad_signature', `not signed by a live key of ${client}`);
}

function checkFreshness(claims: RequestClaims, s: ExchangeSettings): void {
  if (Math.abs(Date.now() / 1000 - claims.iat) > s.clockSkewSeconds) throw new ExchangeRefusal('stale_request', `iat is more than ${s.clockSkewSeconds} s from now`);
}

async function findService(trx: AnyDb, id: string, provider: string): Promise<DataService> {
  const service = await store.findDataService(trx, id);
  if (!service || service.agency !== provider) throw new ExchangeRefusal('unknown_service', `${provider} offers no data service ${id}`);
  return service;
}

async function checkConsent(trx: AnyDb, s: ExchangeSettings, service: DataService, client: string, claims: RequestClaims): Promise<void> {
  if (service.consent !== 'required') return;
  if (!claims.consentId) throw new ExchangeRefusal('consent_required', 'consent_missing');
  const resident = await findResidentByIdNumber(trx, claims.subject);
  if (!resident) throw new ExchangeRefusal('consent_required', 'consent_not_found');
  const check = await s.checkConsent(trx, { consentId: claims.consentId, residentId: resident.id, consumerAgencyId: client, dataServiceId: service.id });
  if (!check.ok) throw new ExchangeRefusal('consent_required', check.reason);
}

async function logRefusal(trx: AnyDb, s: ExchangeSettings, input: MediateInput, trail: Trail, refusal: ExchangeRefusal): Promise<void> {
  // A verified request's jti is spent even when refused, so the same signed request cannot be tried again.
  if (trail.verified && trail.clientAgencyId && trail.claims && refusal.reason !== 'replayed_request') await store.claimRequestId(trx, trail.clientAgencyId, trail.claims.jti);
  const rows = logRows(trail, input.requestJws, { outcome: 'refused', reason: refusal.reason, responseJws: null, recordCount: null });
  await store.insertMessages(trx, rows);
  for (const agencyId of new Set(rows.map((r) => r.agency_id))) {
    await recordAudit(trx as never, input.who, {
      agencyId, action: 'exchange.request_refused', target: `exchange-message:${trail.messageId}`,
      details: { reason: refusal.reason, detail: refusal.detail, client: trail.claims?.iss ?? null, provider: trail.claims?.aud ?? null, service: trail.claims?.service ?? null },
    });
  }
}

/** The consumer's and the provider's rows of one exchange; the mediator's own when neither end is a member. */
function logRows(trail: Trail, requestJws: string, outcome: { outcome: 'answered' | 'refused'; reason: string | null; responseJws: string | null; recordCount: number | null }): store.NewMessage[] {
  const c = trail.claims;
  const base = {
    message_id: trail.messageId, client_member: c?.iss ?? null, provider_member: c?.aud ?? null, data_service_id: trail.dataServiceId ?? c?.service ?? null,
    request_jti: c?.jti ?? null, purpose: c?.purpose ?? null, service_id: c?.serviceId ?? null, application_id: c?.applicationId ?? null, consent_id: c?.consentId ?? null,
    subject_hash: c ? createHash('sha256').update(c.subject).digest('hex') : null,
    outcome: outcome.outcome, reason: outcome.reason, record_count: outcome.recordCount, request_jws: requestJws, response_jws: outcome.responseJws,
  };
  const rows: store.NewMessage[] = [];
  if (trail.clientAgencyId) rows.push({ ...base, side: 'consumer', agency_id: trail.clientAgencyId });
  if (trail.providerAgencyId) rows.push({ ...base, side: 'provider', agency_id: trail.providerAgencyId });
  return rows.length ? rows : [{ ...base, side: 'mediator', agency_id: null }];
}

/**
 * Runs the steps in a transaction of their own (a savepoint inside the caller's), so a refusal
 * leaves nothing of them behind; the refusal is then logged on its own and rethrown.
 */
async function atomically<T>(conn: AnyDb, steps: (trx: AnyDb) => Promise<T>, refused: (trx: AnyDb, r: ExchangeRefusal) => Promise<void>): Promise<T> {
  if (!conn.isTransaction) {
    try {
      return await conn.transaction().execute(steps);
    } catch (err) {
      if (err instanceof ExchangeRefusal) await conn.transaction().execute((trx) => refused(trx, err));
      throw err;
    }
  }
  await sql`savepoint exchange_request`.execute(conn);
  try {
    const result = await steps(conn);
    await sql`release savepoint exchange_request`.execute(conn);
    return result;
  } catch (err) {
    await sql`rollback to savepoint exchange_request`.execute(conn);
    await sql`release savepoint exchange_request`.execute(conn);
    if (err instanceof ExchangeRefusal) await refused(conn, err);
    throw err;
  }
}
