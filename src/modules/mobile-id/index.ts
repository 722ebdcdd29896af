/** Mobile ID: the verification core (SD-JWT VC, ISO 18013-5 mdoc, COSE, Token Status Lists), and the issuer's and holder's side of each. */
export { VerificationRefused, type RefusalCode, type Clock } from './refusal.ts';
export { issueSdJwt, sd, type IssueSdJwtInput, type IssuedSdJwt, type IssuerSigner } from './sd-jwt/issue-sd-jwt.ts';
export { presentSdJwt, selectDisclosures, type DisclosureFrame, type HolderKeyBinding } from './sd-jwt/present-sd-jwt.ts';
export { verifySdJwtPresentation, type VerifySdJwtOptions, type VerifiedSdJwt, type IssuerKeyResolver } from './sd-jwt/verify-sd-jwt.ts';
export { sdJwtVcIssuerKey } from './sd-jwt/issuer-certificate.ts';
export type { KeyBindingExpectation } from './sd-jwt/verify-key-binding.ts';
export { StatusList, STATUS, type StatusBits } from './status-list/status-list.ts';
export { signStatusListJwt, verifyStatusListJwt, signStatusListCwt, verifyStatusListCwt, statusListCertificates, type StatusListToken, type StatusListKey } from './status-list/status-list-token.ts';
export { createStatusChecker, requireValidStatus, type StatusChecker, type StatusCheckerDeps, type FetchedStatusList } from './status-list/status-checker.ts';
export { decodeCoseSign1, verifyCoseSign1, signCoseSign1 } from './cose/cose-sign1.ts';
export { verifyCertificateChain, type TrustAnchor } from './trust/certificate-chain.ts';
export { SessionTranscript } from './mdoc/session-transcript.ts';
export { verifyDeviceResponse, verifyIssuerAuth, type VerifyDeviceResponseOptions, type VerifiedDocument } from './mdoc/verify-device-response.ts';
export { issueMdoc, type IssueMdocInput } from './mdoc/issue-mdoc.ts';
export { presentMdoc, elementValueAsJson, type PresentMdocInput } from './mdoc/present-mdoc.ts';
export { cborEncode, cborDecode, Tag, ENCODED_CBOR } from './cose/cbor.ts';
