import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONSENT_API_PREFIX } from './api-routes.ts';
import { ALL_CONSENT_SCOPES } from './scopes.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The operations Hanaro serves, by path and method, with the scope each needs. */
const SERVED: Record<string, Record<string, string>> = {
  '/config/policy/': { post: 'consent:config' },
  '/config/policy/{policyId}/': { get: 'consent:read', put: 'consent:config', delete: 'consent:config' },
  '/config/policy/{policyId}/revisions/': { get: 'consent:read' },
  '/config/policies/': { get: 'consent:read' },
  '/service/policy/{policyId}/': { get: 'consent:read or consent:record' },
  '/config/data-agreement/{dataAgreementId}/': { get: 'consent:read' },
  '/config/data-agreements/': { get: 'consent:read' },
  '/config/individual/{individualId}/': { get: 'consent:read' },
  '/config/individuals/': { get: 'consent:read' },
  '/service/individual/{individualId}/': { get: 'consent:record' },
  '/service/individuals/': { get: 'consent:record' },
  '/service/data-agreement/{dataAgreementId}/': { get: 'consent:read or consent:record' },
  '/service/verification/data-agreements/': { get: 'consent:read' },
  '/service/individual/record/data-agreement/{dataAgreementId}/': { post: 'consent:record', get: 'consent:record' },
  '/service/individual/record/consent-record/': { get: 'consent:record' },
  '/service/individual/record/consent-record/{consentRecordId}/': { put: 'consent:record' },
  '/service/verification/consent-records/': { get: 'consent:read' },
  '/service/verification/consent-record/{consentRecordId}/': { get: 'consent:read' },
  '/audit/consent-records/': { get: 'consent:audit' },
  '/audit/consent-record/{consentRecordId}/': { get: 'consent:audit' },
  '/audit/data-agreements/': { get: 'consent:audit' },
  '/audit/data-agreement/{dataAgreementId}/': { get: 'consent:audit' },
};

/** Whose objects an operation answers, where it is not the caller's own agency's agreements. */
const OWN_INDIVIDUALS = 'individuals are residents (id: resident registry id, externalId: ID number), the caller\'s own only: those with a consent record to one of its agreements.';
const OWN_POLICIES = 'the caller\'s own agency\'s policies only; `id` and `version` of a written policy are the platform\'s.';
const WHOSE: Record<string, string> = {
  '/config/policy/': OWN_POLICIES, '/config/policy/{policyId}/': OWN_POLICIES, '/config/policy/{policyId}/revisions/': OWN_POLICIES,
  '/config/policies/': OWN_POLICIES, '/service/policy/{policyId}/': OWN_POLICIES,
  '/config/individual/{individualId}/': OWN_INDIVIDUALS, '/config/individuals/': OWN_INDIVIDUALS,
  '/service/individual/{individualId}/': OWN_INDIVIDUALS, '/service/individuals/': OWN_INDIVIDUALS,
  '/service/verification/data-agreements/': 'the agreements the caller\'s agency controls or answers a data service of.',
};

const param = (name: string, description: string, schema: object = { type: 'string' }, where = 'query') => ({ in: where, name, required: false, schema, description });
const individualHeader = param('Individual-Id', 'The resident (ID number or resident registry id), where the spec says "supplied as HTTP header".', { type: 'string', maxLength: 64 }, 'header');
const individualQuery = param('individualId', 'The resident: their ID number, or their id in the resident registry.', { type: 'string', maxLength: 64 });
const refusal = { description: 'Refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/refusal' } } } };

/** Parameters Hanaro reads beyond the spec's, by path. */
const EXTRA: Record<string, Record<string, object[]>> = {
  '/service/individual/record/data-agreement/{dataAgreementId}/': {
    post: [param('language', 'The language the resident was shown the agreement in (default: the request\'s).'), param('applicationId', 'The application the consent was given in.')],
    get: [individualQuery, individualHeader],
  },
  '/service/individual/record/consent-record/': { get: [individualQuery, individualHeader] },
  '/service/individual/record/consent-record/{consentRecordId}/': { put: [individualQuery, individualHeader] },
  '/service/verification/consent-records/': { get: [individualQuery, param('dataAgreementId', 'Only consents to this agreement.'), param('optIn', 'Only consents given (true) or withdrawn (false).', { type: 'boolean' })] },
};

/**
 * The GovStack Consent BB API (1.1.0-rc1) as Hanaro serves it: the operations it implements, where it
 * runs, how callers authenticate, and the additions listed in spec/SOURCES.md.
 */
export function consentOpenApi(publicUrl: string): Json {
  const spec = parse(fs.readFileSync(path.join(import.meta.dirname, 'spec', 'consent-openapi.yaml'), 'utf8')) as Json;
  const paths: Json = {};
  for (const [p, methods] of Object.entries(SERVED)) {
    paths[p] = {};
    for (const [method, scope] of Object.entries(methods)) {
      const op = structuredClone(spec.paths[p][method]);
      op.description = `${op.description ?? ''} Needs scope ${scope}; ${WHOSE[p] ?? 'the caller\'s own agency\'s agreements only.'}`.trim();
      op.parameters = [...(op.parameters ?? []), ...(EXTRA[p]?.[method] ?? [])];
      for (const status of ['400', '401', '403', '404', '409']) op.responses[status] = refusal;
      paths[p][method] = op;
    }
  }
  const doc: Json = { ...spec, paths };
  doc.info = { ...doc.info, 'x-hanaro': 'Served by Hanaro; see docs/api.md for API keys and examples.' };
  doc.servers = [{ url: `${publicUrl.replace(/\/$/, '')}${CONSENT_API_PREFIX}` }];
  doc.components.schemas.refusal = { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } };
  doc.components.securitySchemes = { bearer: { type: 'http', scheme: 'bearer', description: `An agency API key (hnr_…) or an OAuth access token. Scopes: ${ALL_CONSENT_SCOPES.join(', ')}.` } };
  doc.security = [{ bearer: [] }];
  return doc;
}
