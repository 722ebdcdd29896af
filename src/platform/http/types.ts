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
}

export interface RouteSummary { method: string; url: string; agencyScoped: boolean }

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, for the tenancy test and the operations view. */
    routeTable: readonly RouteSummary[];
  }
  interface FastifyRequest {
    tr: Translator;
    prefs: Preferences;
    staff: StaffViewer | null;
  }
  interface FastifyReply {
    /** Renders a page inside the shell. */
    page(render: (shell: Shell) => JSX.Element, status?: number): Promise<FastifyReply>;
    shell(): Shell;
  }
  interface FastifyContextConfig {
    /** This route's data belongs to one agency: the tenancy test probes it across agencies. */
    agencyScoped?: boolean;
    /** Skip CSRF: for machine APIs authenticated by bearer tokens, never for forms. */
    csrf?: false;
  }
}
