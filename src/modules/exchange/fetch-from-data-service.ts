import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Reader } from '../registries/index.ts';
import { ExchangeRefusal } from './errors.ts';
import { mediateRequest, type ExchangeSettings } from './mediate-request.ts';
import { memberIdOf } from './members.ts';
import { payloadOf, requestHashOf, REQUEST_TYPE, RESPONSE_TYPE, signedBy, signMessage, type RequestClaims, type ResponseClaims } from './signed-messages.ts';
import * as store from './store.ts';
import { inSpan } from '../../platform/tracing/tracing.ts';

export interface FetchInput {
  consumerAgencyId: string; dataServiceId: string; subjectIdNumber: string; purpose: string;
  serviceId?: string | null; applicationId?: string | null; consentId?: string | null; reader: Reader;
}

export interface Fetched {
  messageId: string; providerAgencyId: string; dataServiceId: string; records: Record<string, unknown>[];
  fetchedAt: string; responseJws: string;
}

/**
 * Hanaro, for the consumer agency, asks a data service: it signs the request with the agency's key,
 * sends it through the mediator (the path agency systems use over HTTP), and trusts the answer only
 * once the provider's signature and its binding to this request check out.
 */
export async function fetchFromDataService(conn: AnyDb, s: ExchangeSettings, input: FetchInput): Promise<Fetched> {
  return inSpan('exchange.request', { 'hanaro.exchange.client_agency': input.consumerAgencyId, 'hanaro.exchange.data_service': input.dataServiceId }, async (span) => {
    const service = await store.findDataService(conn, input.dataServiceId);
    if (!service) throw new ExchangeRefusal('unknown_service', `no data service ${input.dataServiceId}`);
    const who = { actor: `${input.reader.kind}:${input.reader.id}` };
    const claims: RequestClaims = {
      iss: memberIdOf(s.instance, input.consumerAgencyId), aud: memberIdOf(s.instance, service.agency), service: service.id,
      subject: input.subjectIdNumber, purpose: input.purpose, serviceId: input.serviceId ?? null, applicationId: input.applicationId ?? null,
      consentId: input.consentId ?? null, iat: Math.floor(Date.now() / 1000), jti: randomUUID(),
    };
    const requestJws = await signMessage(claims, REQUEST_TYPE, await s.keyring.signingKeyOf(conn, input.consumerAgencyId, who));
    const answered = await mediateRequest(conn, s, { requestJws, transport: { via: 'platform' }, reader: input.reader, who });
    span?.setAttributes({ 'hanaro.exchange.provider_agency': answered.providerAgencyId, 'hanaro.exchange.message_id': answered.messageId });
    const response = await verifiedResponse(conn, s, answered.providerAgencyId, answered.responseJws, claims, requestJws);
    return { ...answered, records: response.records };
  }, 'client');
}

async function verifiedResponse(conn: AnyDb, s: ExchangeSettings, provider: string, jws: string, request: RequestClaims, requestJws: string): Promise<ResponseClaims> {
  const key = await s.keyring.verificationKeyOf(conn, provider, String(decodeProtectedHeader(jws).kid));
  const response = payloadOf<ResponseClaims>(jws);
  if (!key || !await signedBy(jws, key, RESPONSE_TYPE) || response.iss !== request.aud || response.aud !== request.iss
    || response.requestJti !== request.jti || response.requestHash !== requestHashOf(requestJws)) {
    throw new ExchangeRefusal('bad_response', `the answer is not ${provider}'s signed answer to this request`);
  }
  return response;
}
