import type { Transaction } from 'kysely';
import type { AnyDb } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Country, Service } from '../packs/index.ts';
import type { NotifyResident } from '../notifications/index.ts';
import type { IssueDocumentInput } from '../documents/index.ts';

/** What the applications use cases need from the rest of the platform, handed in by app.ts. */
export interface ApplicationsContext {
  country: Country;
  /** Where residents reach the portal, for links printed on paper (a counter receipt). */
  publicUrl: string;
  notify: NotifyResident;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  issueDocument: (trx: Transaction<any>, input: IssueDocumentInput, who: Actor) => Promise<{ documentId: string }>;
  /** The service as the catalog holds it now (open or not), or undefined; read through `conn` (a transaction's, inside one). */
  findService: (conn: AnyDb, serviceId: string) => Promise<{ definition: Service; open: boolean } | undefined>;
}

/** Why an action on an application was refused; routes turn these into pages or 4xx answers. */
export class ApplicationRefused extends Error {
  constructor(readonly code: 'not_found' | 'service_closed' | 'wrong_state' | 'four_eyes' | 'not_allowed' | 'invalid', readonly detail = '') {
    super(`${code}${detail ? `: ${detail}` : ''}`);
  }
}
