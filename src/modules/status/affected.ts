import type { AnyDb } from '../../platform/db/database.ts';
import { listPublicServices } from '../catalog/index.ts';
import type { FormProblem } from './form-problems.ts';
import { PLATFORM_COMPONENTS } from './snapshot.ts';
import type { Reach } from './store.ts';

/** A service or platform component an incident or a window can name, as a form's checkbox value. */
export const serviceChoice = (id: string) => `service:${id}`;
export const componentChoice = (id: string) => `component:${id}`;

export interface Affected { agencyId: string | null; services: string[]; components: string[] }
export interface Choosable { services: { id: string; agencyId: string; title: Record<string, string> }[]; components: readonly string[] }

/** What a viewer may name: the open services of the agencies in reach; platform components for the platform only. */
export async function choosable(conn: AnyDb, reach: Reach): Promise<Choosable> {
  const rows = await listPublicServices(conn, reach === 'platform' ? {} : { agencyId: reach.agencyId });
  return {
    services: rows.map((s) => ({ id: s.id, agencyId: s.agency_id, title: s.definition.title })),
    components: reach === 'platform' ? PLATFORM_COMPONENTS : [],
  };
}

/**
 * The chosen services and components, each one in reach. The row belongs to the one agency whose
 * services it names, else to the platform (components, or several agencies' services).
 */
export async function checkAffected(conn: AnyDb, reach: Reach, chosen: readonly string[]): Promise<Affected | FormProblem> {
  if (!chosen.length) return { field: 'affected', code: 'no_target' };
  const options = await choosable(conn, reach);
  const services: string[] = [];
  const components: string[] = [];
  const agencies = new Set<string>();
  for (const choice of new Set(chosen)) {
    const service = options.services.find((s) => serviceChoice(s.id) === choice);
    const component = options.components.find((c) => componentChoice(c) === choice);
    if (service) { services.push(service.id); agencies.add(service.agencyId); } else if (component) components.push(component);
    else return { field: 'affected', code: 'unknown_target' };
  }
  const agencyId = reach !== 'platform' ? reach.agencyId : !components.length && agencies.size === 1 ? [...agencies][0]! : null;
  return { agencyId, services, components };
}

export const isProblem = (x: Affected | FormProblem): x is FormProblem => 'code' in x;
