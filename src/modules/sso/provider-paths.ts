import type { IncomingMessage } from 'node:http';
import type { ResidentViewer } from '../../platform/http/types.ts';

// What the routes and other modules need of the provider without loading oidc-provider (provider.ts).

export const INTERACTION_PATH = '/oidc-interaction';
export const issuerOf = (publicUrl: string) => `${publicUrl}/oidc`;
/** The audience of access tokens for Hanaro's own APIs. */
export const apiResourceOf = (publicUrl: string) => `${publicUrl}/api`;

/** The Hanaro resident the Fastify route saw on this request (see routes.ts). */
const RESIDENT = Symbol('hanaro.resident');
type WithResident = IncomingMessage & { [RESIDENT]?: ResidentViewer | null };
export const handResident = (req: IncomingMessage, resident: ResidentViewer | null) => { (req as WithResident)[RESIDENT] = resident; };
export const residentOf = (ctx: { req: IncomingMessage }) => (ctx.req as WithResident)[RESIDENT] ?? null;
