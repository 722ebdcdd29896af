type Text = Record<string, string>;

/** What the page says of a service: outage and degraded come from incidents or live health, maintenance from a window. */
export type ServiceState = 'up' | 'degraded' | 'outage' | 'maintenance';

export const INCIDENT_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export const IMPACTS = ['degraded', 'outage'] as const;
export type Impact = (typeof IMPACTS)[number];

/** How many days a resolved incident stays in the page's history. */
export const HISTORY_DAYS = 14;

export interface PublicIncident {
  id: number; title: Text; impact: Impact; state: IncidentState; services: string[]; components: string[];
  startedAt: string; resolvedAt: string | null;
  /** Oldest first, as written. */
  updates: { at: string; state: IncidentState; body: Text }[];
}

export interface PublicMaintenance { id: number; services: string[]; components: string[]; startsAt: string; endsAt: string; body: Text }

/**
 * What the status page shows, kept in memory and on disk so it outlives the database. States are the
 * measured health; incidents and maintenance windows are applied when the page is shown (see
 * present-status.ts), so a window that starts while the database is down still shows.
 */
export interface StatusSnapshot {
  takenAt: string;
  components: { id: string; state: ServiceState }[];
  agencies: { id: string; name: Text; services: { id: string; title: Text; state: ServiceState }[] }[];
  /** Open incidents and those resolved in the last HISTORY_DAYS. */
  incidents: PublicIncident[];
  /** Windows not cancelled and not over when the snapshot was taken. */
  maintenance: PublicMaintenance[];
}

/**
 * Live health of a service or platform component, when something measures it (the operations
 * console can): undefined means "nothing known", and the service counts as up.
 */
export type ServiceHealthSource = (id: string) => ServiceState | undefined;

export const PLATFORM_COMPONENTS = ['portal', 'sign-in', 'mobile-id', 'mediator'] as const;
