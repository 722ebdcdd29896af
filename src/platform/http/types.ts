import type { Shell, Preferences } from '../web/shell.ts';
import type { Translator } from '../i18n/i18n.ts';

/** The signed-in staff member, as the identity module resolves it from the session. */
export interface StaffViewer {
  id: string;
  /** Their name in each language of the pack. */
  names: Record<string, string>;
  sessionId: string;
  /** The agency they act in now, when they hold roles in any. */
  agencyId: string | null;
  agencyRoles: { agencyId: string; role: string }[];
  platformRoles: string[];
  /** How they signed in: 'low' (the bootstrap password), 'substantial' (a passkey). */
  assurance: 'low' | 'substantial' | 'high';
  /** When they last proved who they are in this session (sign-in or re-authentication). */
  authenticatedAt: Date;
}

/** The signed-in resident, as the identity module resolves it from the session. */
export interface ResidentViewer {
  /** The resident's id in the resident registry: what applications, documents and inbox belong to. */
  residentId: string;
  accountId: string;
  /** Their name as the registry holds it. */
  name: string;
  email: string | null;
  /** The language they chose for messages sent to them (mail, notices). */
  locale: string;
  sessionId: string;
  /** How they signed in: 'low' (password), 'substantial' (passkey or second factor), 'high' (mobile ID). */
  assurance: 'low' | 'substantial' | 'high';
  /** Notices in their inbox they have not opened yet, for the header. */
  unreadNotices?: number;
  /** When they last proved who they are in this session (sign-in or re-authentication). */
  authenticatedAt: Date;
  /** How they proved it in this session, as RFC 8176 method references (`pwd`, `otp`, `hwk`, `mfa`…). */
  amr: string[];
  /**
   * Set while the signed-in resident acts for someone under a mandate: `residentId` and `name` above are
   * then the principal's (whose applications, documents and inbox every page shows); account, session,
   * email and locale stay the representative's own. Checked against the mandate on every request.
   */
  representative?: RepresentativeViewer;
  /** Set on the one request where the mandate this session acted under was found revoked or expired. */
  mandateEnded?: { principalName: string };
}

/** Who is acting for the principal, and under which mandate. */
export interface RepresentativeViewer {
  residentId: string;
  name: string;
  mandateId: string;
  /** The catalog service ids the mandate covers, or every service. */
  services: string[] | 'all';
}

export interface RouteSummary { method: string; url: string; agencyScoped: boolean }

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, for the tenancy test and the operations view. */
    routeTable: readonly RouteSummary[];
    /** This node's requests per minute, agency and service, for the operations console. */
    traffic: import('./traffic.ts').TrafficRecorder;
    /** The Prometheus registry /metrics serves: modules add their gauges to it. */
    metrics: import('prom-client').Registry;
    /** Answers a request for a kept page before the app's hooks, or returns false (front-door.ts). */
    frontDoor: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean;
  }
  interface FastifyRequest {
    tr: Translator;
    prefs: Preferences;
    staff: StaffViewer | null;
    resident: ResidentViewer | null;
    /** The agency and service this request served, set by the route that found the service (see traffic.ts). */
    serviceTag: import('./traffic.ts').ServiceTag | null;
  }
  interface FastifyReply {
    /** Renders a page inside the shell. */
    page(render: (shell: Shell) => JSX.Element, status?: number): Promise<FastifyReply>;
    /**
     * A page the same for every visitor not signed in, given the version of what it shows: kept
     * rendered and revalidated by ETag for them (see public-pages.ts), rendered afresh for anyone
     * signed in. `prepare` does the route's work and is skipped when the page is kept.
     * `stillCurrent`, when the route can say without a read whether `version` is still current, lets
     * the front door (front-door.ts) send the kept page before the app sees the request.
     */
    publicPage(version: string, prepare: () => Promise<(shell: Shell) => JSX.Element>, stillCurrent?: () => boolean): Promise<FastifyReply>;
    shell(): Shell;
  }
  interface FastifyContextConfig {
    /** This route's data belongs to one agency: the tenancy test probes it across agencies. */
    agencyScoped?: boolean;
    /** Skip CSRF: for machine APIs authenticated by bearer tokens, never for forms. */
    csrf?: false;
    /** The API's specification requires the Information-Mediator-Client header (X-Road client) on this route. */
    mediatorRequired?: true;
    /** Answers while the database is down (the status page): a session that cannot be looked up counts as signed out here. */
    withoutDatabase?: true;
  }
}
