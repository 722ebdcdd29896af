import type { AnyDb } from '../../platform/db/database.ts';
import type { Translator } from '../../platform/i18n/i18n.ts';
import type { DataService } from '../packs/index.ts';
import { publishedVersionOf } from '../registries/index.ts';
import type { ExchangeSettings } from './mediate-request.ts';
import { MEMBER_CLASS, SUBSYSTEM } from './members.ts';
import { REQUEST_TYPE, RESPONSE_TYPE } from './signed-messages.ts';

const text = { type: 'string' } as const;
const optional = { type: 'string', nullable: true } as const;

/** The OpenAPI 3.0 description of one data service: how to call it, and the records it answers with. */
export async function describeDataService(conn: AnyDb, s: ExchangeSettings, ds: DataService, opts: { publicUrl: string; tr: Translator }) {
  const { tr } = opts;
  const published = await publishedVersionOf(conn, ds.registry);
  const fields = Object.fromEntries(ds.returns.map((f) => [f, published?.schema.properties[f] ?? {}]));
  const refusal = { description: 'Refused (and logged at both ends)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Refusal' } } } };
  return {
    openapi: '3.0.3',
    info: {
      title: tr.text(ds.title), version: 'v1',
      description: [ds.description ? tr.text(ds.description) : '', `${tr.t('exchange.openapi.legalBasis')}: ${tr.text(ds.legalBasis)}`, tr.t(`exchange.openapi.consent.${ds.consent}`)].filter(Boolean).join('\n\n'),
    },
    servers: [{ url: `${opts.publicUrl}/exchange/r1/${s.instance}/${MEMBER_CLASS}/${ds.agency}/${SUBSYSTEM}/${ds.id}` }],
    paths: {
      '/': {
        post: {
          operationId: ds.id,
          summary: tr.text(ds.title),
          description: `The body is a compact JWS (ES256, typ ${REQUEST_TYPE}) of a Request, signed with a key of the calling member; the answer is a compact JWS (typ ${RESPONSE_TYPE}) of a Response, signed by ${s.instance}/${MEMBER_CLASS}/${ds.agency} (keys: /govstack/im/members/${s.instance}/${MEMBER_CLASS}/${ds.agency}/jwks.json).`,
          security: [{ bearer: ['exchange'] }],
          parameters: [{ name: 'Information-Mediator-Client', in: 'header', required: true, description: '<instance>/<memberClass>/<memberCode>/<subsystem> of the caller', schema: text }],
          requestBody: { required: true, content: { 'application/jose': { schema: { type: 'string', description: 'JWS of #/components/schemas/Request' } } } },
          responses: {
            200: { description: 'The provider\'s signed answer', content: { 'application/jose': { schema: { type: 'string', description: 'JWS of #/components/schemas/Response' } } } },
            400: refusal, 401: refusal, 403: refusal, 404: refusal, 409: refusal,
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An agency API key or an OAuth client-credentials token with the scope "exchange"' } },
      schemas: {
        Request: {
          type: 'object', required: ['iss', 'aud', 'service', 'subject', 'purpose', 'iat', 'jti'],
          properties: {
            iss: { ...text, description: 'The calling member: <instance>/<memberClass>/<memberCode>' },
            aud: { ...text, enum: [`${s.instance}/${MEMBER_CLASS}/${ds.agency}`] },
            service: { ...text, enum: [ds.id] },
            subject: { ...text, description: 'The ID number of the resident asked about' },
            purpose: text, serviceId: optional, applicationId: optional,
            consentId: { ...optional, description: ds.consent === 'required' ? 'Required: the resident\'s consent record' : 'Not needed' },
            iat: { type: 'integer' }, jti: { ...text, description: 'Unique per request; a repeated jti is refused' },
          },
        },
        Response: {
          type: 'object', required: ['iss', 'aud', 'jti', 'requestJti', 'requestHash', 'service', 'records', 'iat'],
          properties: {
            iss: text, aud: text, jti: text, requestJti: text,
            requestHash: { ...text, description: 'base64url(SHA-256(the request JWS))' },
            service: text, iat: { type: 'integer' },
            records: { type: 'array', items: { type: 'object', properties: fields } },
          },
        },
        Refusal: { type: 'object', required: ['error', 'message'], properties: { error: text, message: text, detail: text } },
      },
    },
  };
}
