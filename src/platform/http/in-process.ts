import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { traceHeaders } from '../tracing/tracing.ts';

// A request the platform makes to itself (`app.inject`), such as the portal redeeming its
// authorization code at the provider's token endpoint. The value is new in every process and never
// leaves it, so no one outside can claim it; such requests do not count against a visitor's rate limit.
const HEADER = 'x-hanaro-in-process';
const VALUE = randomBytes(32).toString('base64url');

/** Also the active trace context, so the inner request is a span of the outer one's trace. */
export const inProcessHeaders = (): Record<string, string> => ({ [HEADER]: VALUE, ...traceHeaders() });

export const isInProcess = (request: Pick<FastifyRequest, 'headers'>): boolean => request.headers[HEADER] === VALUE;
