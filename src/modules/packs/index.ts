export { loadPack } from './load-pack.ts';
export { packDigest } from './pack-digest.ts';
export { idNumberProblem, isValidIdNumber } from './id-number.ts';
export { PackInvalidError, formatPackError } from './pack.ts';
export type { Pack, OperationsSettings, OperationCosts, ServiceLevel, Country, Service, Agency, Text, Bundle, SharedQuestion, Registry, RegistryVersionStatus, CredentialType, CredentialClaim, DataService, Prefill, FormField, WorkflowStep } from './pack.ts';
export { weightedMod11CheckDigit, luhnCheckDigit } from './id-number.ts';
export { compileDataSchema } from './pack-schema.ts';
export { newestPublished } from './registry-rules.ts';
export { checkFragment, withFragments, FragmentInvalidError, formatFragmentError, readablePath, type AgencyFragment, type AgencyQuotas, type FragmentError } from './load-fragment.ts';
