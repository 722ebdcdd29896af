import fs from 'node:fs';
import path from 'node:path';
import { ALL_SCOPES } from './scopes.ts';

export const API_PREFIX = '/govstack/registration';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (file: string): Json => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'spec', file), 'utf8'));

/** Any JSON value: where the spec says "object" but its own example payload carries strings and numbers. */
const ANY_VALUE = {};

/**
 * The GovStack Registration BB API (v0.1.1) and its statistics API as one document, as Hanaro
 * serves it: the published spec, plus where it runs, how callers authenticate, the
 * Idempotency-Key header, and the few corrections listed in spec/SOURCES.md.
 */
export function registrationOpenApi(publicUrl: string): Json {
  const main = read('GovStack_Registration_BB_API.json');
  const stats = read('GovStack_Registration_BB_API_statistics.json');
  const doc: Json = structuredClone(main);
  doc.info = { ...doc.info, 'x-hanaro': 'Served by Hanaro; see docs/api.md for API keys and examples.' };
  doc.servers = [{ url: `${publicUrl.replace(/\/$/, '')}${API_PREFIX}` }];
  doc.paths['/data/statistics'] = stats.paths['/data/statistics'];
  Object.assign(doc.components.schemas, stats.components.schemas);
  const schemas = doc.components.schemas;
  schemas.formData.properties.data.additionalProperties = ANY_VALUE;
  schemas.additionalData.properties.data.additionalProperties = ANY_VALUE;
  schemas.dataUserTaskResponse.properties.formVariables.additionalProperties = ANY_VALUE;
  schemas.dataUserTaskResponse.properties.data.additionalProperties = ANY_VALUE;
  schemas.applicationFileSubmit.properties.consentId = {
    type: 'string', maxLength: 64,
    description: 'Hanaro: the applicant\'s consent record id (GovStack Consent BB) for the service\'s data agreement. With it, the data the service takes from other agencies is fetched through the information mediator; without it nothing is fetched and agencyData says so.',
  };
  schemas.agencyDataOutcome = {
    type: 'object', required: ['dataServiceId', 'providerId', 'status'],
    properties: {
      dataServiceId: { type: 'string' }, providerId: { type: 'string' }, status: { type: 'string', enum: ['fetched', 'refused', 'not_fetched'] },
      reason: { type: 'string', description: 'consent_missing, or the information mediator\'s refusal reason' },
      exchangeMessageId: { type: 'string' }, fetchedAt: { type: 'string', format: 'date-time' },
      replacesDocument: { type: 'string', description: 'The paper the applicant brings instead, when not fetched' },
    },
  };
  schemas.applicationFileResponse.properties.agencyData = {
    type: 'array', items: { $ref: '#/components/schemas/agencyDataOutcome' },
    description: 'Hanaro: for a service that takes data from other agencies, what each data service gave.',
  };
  schemas.refusal = {
    type: 'object', required: ['code', 'message'],
    properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
  };
  doc.components.securitySchemes = {
    bearer: { type: 'http', scheme: 'bearer', description: `An agency API key (hnr_…) or an OAuth access token. Scopes: ${ALL_SCOPES.join(', ')}.` },
  };
  doc.security = [{ bearer: [] }];
  doc.components.parameters['Idempotency-Key'] = {
    in: 'header', name: 'Idempotency-Key', required: false, schema: { type: 'string', maxLength: 200 },
    description: 'The same key with the same body files one application; sent again it answers with that application.',
  };
  doc.paths['/services/{serviceId}/applications'].post.parameters.push({ $ref: '#/components/parameters/Idempotency-Key' });
  return doc;
}
