import type { AnyDb, Tx } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Country, DataService, Service } from '../packs/index.ts';
import type { Reader } from '../registries/index.ts';
import type { NotifyResident } from '../notifications/index.ts';
import type { IssueDocumentInput } from '../documents/index.ts';
import { AppError } from '../../platform/http/errors.ts';

/** What the applications use cases need from the rest of the platform, handed in by app.ts. */
export interface ApplicationsContext {
  country: Country;
  /** Where residents reach the portal, for links printed on paper (a counter receipt). */
  publicUrl: string;
  notify: NotifyResident;
  issueDocument: (trx: Tx, input: IssueDocumentInput, who: Actor) => Promise<{ documentId: string }>;
  /** The service as the catalog holds it now (open or not), or undefined; read through `conn` (a transaction's, inside one). */
  findService: (conn: AnyDb, serviceId: string) => Promise<{ definition: Service; open: boolean } | undefined>;
  /** Where a service takes data from other agencies instead of documents: consent and the information mediator. */
  agencyData: AgencyDataPorts;
  /** Whether the agency's storage quota still has room for `bytes` more (onboarding module). */
  storage: { allows: (conn: AnyDb, agencyId: string, bytes: number) => Promise<boolean> };
  /** The resident's mobile IDs (credentials module), for a counter that takes the report of a lost phone. */
  mobileIds: {
    inUse: (conn: AnyDb, residentId: string) => Promise<number>;
    /** Suspends every credential in use; answers how many. */
    reportLostPhone: (conn: AnyDb, residentId: string, who: Actor) => Promise<number>;
  };
}

/** One data service asked, on behalf of the service's agency, about one resident. */
export interface DataRequest {
  consumerAgencyId: string; dataServiceId: string; subjectIdNumber: string; purpose: string;
  serviceId: string; applicationId: string; consentId: string | null; reader: Reader;
}

/** What a data service answered, its provider's signed response already verified. */
export interface DataAnswer {
  messageId: string; providerAgencyId: string; dataServiceId: string; records: Record<string, unknown>[]; fetchedAt: string; responseJws: string;
}

/**
 * The consent records (consent module) and the information mediator (exchange module), handed in
 * by app.ts so that applications imports neither. A data agreement's id is the service's id.
 */
export interface AgencyDataPorts {
  findDataService: (conn: AnyDb, id: string) => Promise<DataService | undefined>;
  findValidConsent: (conn: AnyDb, q: { residentId: string; dataAgreementId: string }) => Promise<{ id: string } | undefined>;
  /** Whether this consent id is the resident's consent in force to the agreement, and if not, why not. */
  checkConsent: (conn: AnyDb, q: { consentId: string; residentId: string; dataAgreementId: string }) => Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Throws ApplicationRefused('consent_unavailable') when the service's data agreement cannot take a consent. */
  giveConsent: (conn: AnyDb, input: {
    residentId: string; dataAgreementId: string; language: string; channel: 'portal' | 'counter' | 'api'; applicationId?: string | null; actor: string;
  }) => Promise<{ id: string }>;
  /** A refusal by the exchange (its machine-readable reason) is an answer here, not an error. */
  fetch: (conn: AnyDb, request: DataRequest) => Promise<({ ok: true } & DataAnswer) | { ok: false; reason: string }>;
  /** How many days a consent to this agreement lasts; undefined when it lasts until withdrawn. */
  consentDays: (conn: AnyDb, dataAgreementId: string) => Promise<number | undefined>;
}

export type ApplicationRefusalReason = 'not_found' | 'service_closed' | 'wrong_state' | 'four_eyes' | 'not_allowed' | 'invalid' | 'consent_needed' | 'consent_unavailable' | 'consent_invalid' | 'storage_full';

/** How each reason answers a person at a page: status, code and message key (anything else is a 409 wrong_state). */
const ON_A_PAGE: Partial<Record<ApplicationRefusalReason, [number, string, string]>> = {
  not_found: [404, 'not_found', 'error.notFound'],
  four_eyes: [409, 'four_eyes', 'applications.error.fourEyes'],
  not_allowed: [403, 'forbidden', 'applications.error.notAllowed'],
  service_closed: [409, 'service_closed', 'applications.error.serviceClosed'],
  invalid: [400, 'invalid', 'applications.error.invalid'],
  storage_full: [413, 'storage_quota_exceeded', 'onboarding.quota.storageFull'],
  consent_unavailable: [409, 'consent_unavailable', 'applications.error.consentUnavailable'],
};

/**
 * Why an action on an application was refused: the kernel's refusal, answered as a page's 4xx
 * where it is thrown; `reason` is what the module's own callers (and the GovStack API) read.
 */
export class ApplicationRefused extends AppError {
  constructor(readonly reason: ApplicationRefusalReason, detail = '') {
    const [status, code, messageKey] = ON_A_PAGE[reason] ?? [409, 'wrong_state', 'applications.error.wrongState'];
    super(status, code, messageKey, detail ? { detail } : {});
  }
}
