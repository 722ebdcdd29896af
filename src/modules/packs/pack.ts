/** A text in every language of the pack. */
export type Text = Record<string, string>;

export interface Titled { id: string; title: Text }

export interface Country {
  code: string;
  name: Text;
  demo?: boolean;
  languages: string[];
  currency: string;
  currencySymbol?: string;
  timeZone: string;
  /** Week days off, 0 (Sunday) to 6; Saturday and Sunday where none is given. */
  weekend?: number[];
  /** Public holidays, on which no working day is counted. */
  holidays?: { date: string; name: Text }[];
  idNumber: { label: Text; pattern: string; example: string; checkDigit: { algorithm: 'weighted-mod11' | 'luhn' | 'none'; weights?: number[] } };
  legalAges?: Record<string, number>;
  theme: { primary: string; primaryDark: string; emblem?: string };
  categories: Titled[];
  lifeEvents: Titled[];
}

export interface Agency {
  id: string;
  name: Text;
  shortName?: Text;
  description: Text;
  contact: { phone?: string; email?: string; address?: Text };
}

export type AgencyRole = 'officer' | 'agency_admin' | 'auditor';
export type PlatformRole = 'platform_operator' | 'auditor';

export interface StaffMember {
  email: string;
  name: Text;
  password?: string;
  roles: { agency: string; role: AgencyRole }[];
  platformRoles?: PlatformRole[];
}

export type Widget = 'text' | 'textarea' | 'number' | 'date' | 'email' | 'tel' | 'select' | 'radio' | 'checkbox' | 'id-number' | 'file';

export interface FormField {
  name: string;
  widget: Widget;
  label: Text;
  hint?: Text;
  options?: Record<string, Text>;
  showIf?: { field: string; equals: string | boolean | number };
  accept?: string[];
  maxSizeMb?: number;
  maxFiles?: number;
}

export interface FormPage { id: string; title: Text; sections: { title?: Text; fields: FormField[] }[] }

export interface EForm {
  schema: { type: 'object'; required?: string[]; properties: Record<string, Record<string, unknown>> };
  layout: { pages: FormPage[] };
}

export interface WorkflowStep { id: string; title: Text; role: 'officer' | 'agency_admin'; fourEyes?: boolean }

export interface Service {
  id: string;
  agency: string;
  category: string;
  lifeEvents?: string[];
  popular?: boolean;
  title: Text;
  summary: Text;
  description: Text;
  eligibility: Text;
  keywords?: Record<string, string[]>;
  fee: { amount: number; note?: Text };
  processingDays: number;
  requiredDocuments?: Text[];
  form: EForm;
  workflow: { steps: WorkflowStep[] };
  document: { title: Text; validityDays: number } | null;
  /** Data services whose answers replace documents the resident would otherwise bring. */
  dataFromOtherAgencies?: string[];
  /** Choices offered on a page from what a data service fetched. */
  prefill?: Prefill[];
}

/**
 * On `page`, the records `from` a data service answered (those matching `where`, and younger than
 * `youngerThan` years by a date field) are offered as a choice; picking one fills each form field of
 * `fills` with the record's field it names. Typing the answers instead stays possible.
 */
export interface Prefill {
  page: string; from: string; where?: Record<string, string | number | boolean>;
  youngerThan?: { field: string; years: number }; fills: Record<string, string>; label: Text; hint?: Text;
}

/** A question a bundle asks once, whose answer fills the named field of each member service. */
export interface SharedQuestion { name: string; label: Text; hint?: Text; fields: Record<string, string> }

/** Services of several agencies filed together for one life event: shared questions answered once. */
export interface Bundle {
  id: string;
  lifeEvent?: string;
  title: Text;
  summary: Text;
  services: string[];
  sharedTitle: Text;
  shared: SharedQuestion[];
}

/** A person in the resident registry, as a demo or test pack lists them. */
export interface Resident {
  idNumber: string;
  name: string;
  nameLatin?: string;
  birthDate: string;
  sex: 'F' | 'M' | 'X';
  household: string;
  address: Text;
}

export type RegistryVersionStatus = 'draft' | 'published' | 'archived';

/** A registry an agency keeps: records checked by the JSON Schema of their version. */
export interface Registry {
  id: string;
  agency: string;
  title: Text;
  description?: Text;
  legalBasis: Text;
  keyFields: string[];
  subjectFields: string[];
  personalFields: string[];
  secretFields?: string[];
  /** What each field is called in the words residents and officers read: every personal field and every field a data service returns has one. */
  fieldTitles?: Record<string, Text>;
  /** What the values of an enum field are called, by field and value (relation: spouse, status: valid…). */
  valueTitles?: Record<string, Record<string, Text>>;
  versions: { version: string; status: RegistryVersionStatus; schema: { type: 'object'; required?: string[]; properties: Record<string, Record<string, unknown>> } }[];
  records?: Record<string, unknown>[];
}

export interface Pack {
  dir: string;
  country: Country;
  agencies: Agency[];
  staff: StaffMember[];
  residents: Resident[];
  services: Service[];
  bundles: Bundle[];
  registries: Registry[];
  credentialTypes: CredentialType[];
  dataServices: DataService[];
  /** operations.yaml, when the pack has one: service levels and the cost of servers and people. */
  operations?: OperationsSettings;
}

export interface ServiceLevel { availability?: number; latencyP95Ms?: number }

export interface OperationsSettings {
  slo?: ServiceLevel & { services?: Record<string, ServiceLevel> };
  costs?: OperationCosts;
}

/** Monthly costs, in `currency`, for the consolidation report. */
export interface OperationCosts {
  currency: string;
  serverPerMonth: number; licencePerServerPerMonth: number; opsStaffPerMonth: number; storagePerGbMonth: number;
  minServersStandalone: number; opsStaffStandalone: number; centerServers: number; centerOpsStaff: number;
}

/**
 * A named query over an agency's registry that other agencies call through the information mediator:
 * the records about one resident (matched on `subjectField`), cut to the `returns` fields.
 */
export interface DataService {
  id: string;
  agency: string;
  registry: string;
  title: Text;
  description?: Text;
  subjectField: string;
  returns: string[];
  /** required: answers only with a valid consent record; legal-duty: the law obliges the answer. */
  consent: 'required' | 'legal-duty';
  legalBasis: Text;
  consumers: string[];
  /** The paper residents no longer bring because of this service. */
  replacesDocument?: Text;
}

export type ClaimDerivation = 'family-name' | 'given-name' | 'age-over' | 'portrait' | 'driving-privileges' | 'issuing-country' | 'issuing-authority' | 'issue-date' | 'expiry-date' | 'nationality' | 'text';

/** A claim of a credential type: read `from` a registry field (`registry.field`), or derived. */
export interface CredentialClaim { name: string; label: Text; from?: string; derive?: ClaimDerivation; legalAge?: string; vehicleCategories?: Record<string, string> }

/** A mobile credential an agency issues to wallets, built from its registries (OpenID4VCI). */
export interface CredentialType {
  id: string;
  agency: string;
  title: Text;
  description?: Text;
  sources: { registry: string; subjectField?: string }[];
  formats: { 'dc+sd-jwt'?: { vct: string }; mso_mdoc?: { doctype: string; namespace: string } };
  validityDays: number;
  txCode?: boolean;
  plainClaims?: string[];
  claims: CredentialClaim[];
}

export interface PackError { file: string; line?: number; path: string; message: string }

/** A pack file's text, parsed, with a way to turn a JSON path into the line it came from. */
export interface PackSource {
  errorAt(file: string, jsonPath: (string | number)[], message: string): PackError;
}

export class PackInvalidError extends Error {
  constructor(readonly errors: PackError[]) {
    super(`The country pack has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map(formatPackError).join('\n')}`);
  }
}

export function formatPackError(e: PackError): string {
  return `  ${e.file}${e.line ? `:${e.line}` : ''} ${e.path || '/'}: ${e.message}`;
}
