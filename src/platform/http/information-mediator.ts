import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

const CLIENT = /^[^/\s]{1,100}\/[^/\s]{1,100}\/[^/\s]{1,100}\/[^/\s]{1,100}$/;

/**
 * An onRequest hook for a GovStack API: the X-Road client header `Information-Mediator-Client`, where
 * sent, reads INSTANCE/CLASS/MEMBER/SUBSYSTEM (`malformedKey` says so), and a route whose specification
 * requires it (`config.mediatorRequired`) refuses a request without it.
 */
export function informationMediatorCheck(malformedKey: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const mediator = request.headers['information-mediator-client'];
    if (mediator === undefined && request.routeOptions.config.mediatorRequired) {
      throw new AppError(400, 'header_missing', 'error.mediatorHeaderMissing', { field: 'Information-Mediator-Client' });
    }
    if (mediator !== undefined && (typeof mediator !== 'string' || !CLIENT.test(mediator))) {
      throw new AppError(400, 'invalid_header', malformedKey, { field: 'Information-Mediator-Client' });
    }
  };
}
