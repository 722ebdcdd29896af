export { statusRoutes as statusModule, type StatusOptions } from './routes.tsx';
export type { ServiceHealthSource, ServiceState, StatusSnapshot } from './snapshot.ts';
