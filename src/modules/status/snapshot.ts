type Text = Record<string, string>;

export type ServiceState = 'up' | 'degraded' | 'maintenance';

/** What the status page shows, kept in memory and on disk so it outlives the database. */
export interface StatusSnapshot {
  takenAt: string;
  components: { id: string; state: ServiceState }[];
  agencies: { id: string; name: Text; services: { id: string; title: Text; state: ServiceState }[] }[];
}

/**
 * Live health of a service or platform component, when something measures it (the operations
 * console can): undefined means "nothing known", and the service counts as up.
 */
export type ServiceHealthSource = (id: string) => ServiceState | undefined;

export const PLATFORM_COMPONENTS = ['portal', 'sign-in', 'mobile-id', 'mediator'] as const;
