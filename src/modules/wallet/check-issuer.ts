import type { AnyDb } from '../../platform/db/database.ts';
import { issuerRoots } from '../credentials/index.ts';
import { sdJwtVcIssuerKey, VerificationRefused, verifyIssuerAuth, verifySdJwtPresentation, type RefusalCode } from '../mobile-id/index.ts';

export type IssuerCheck = { trusted: true; iss: string } | { trusted: false; code: RefusalCode; iss: string | null };
/** An mdoc's issuer: the document signer certificate's subject. */
export type MdocIssuerCheck = { trusted: true; issuer: string } | { trusted: false; code: RefusalCode };

/**
 * Whether an SD-JWT VC the wallet has just received comes from an issuer a verifier would accept:
 * its `x5c` chains to a published IACA root and names `iss` (the verifier's own rule), and the
 * issuer's signature verifies under it. The wallet sends the issuer-signed JWT alone, so the
 * disclosures (the resident's data) stay on the phone. Its status is a verifier's question, at
 * presentation: a credential just issued is valid.
 */
export async function checkCredentialIssuer(conn: AnyDb, issuerSigned: string, now: Date): Promise<IssuerCheck> {
  const roots = (await issuerRoots(conn)).map((r) => r.certificate);
  let iss: string | null = null;
  try {
    const verified = await verifySdJwtPresentation(issuerSigned, {
      now, typ: 'dc+sd-jwt', checkStatus: async () => 0,
      resolveIssuerKeys: async ({ iss: claimed, header }) => {
        iss = typeof claimed === 'string' ? claimed : null;
        return [sdJwtVcIssuerKey(header.x5c, claimed, roots, now)];
      },
    });
    return { trusted: true, iss: String(verified.claims.iss) };
  } catch (error) {
    if (error instanceof VerificationRefused) return { trusted: false, code: error.code, iss };
    throw error;
  }
}

/**
 * Whether an mdoc the wallet has just received comes from an issuer a verifier would accept: the
 * verifier's own issuer data authentication of its IssuerAuth (the document signer's x5chain up to
 * a published IACA root, the signature over the MSO, its docType and validity). The wallet sends
 * the IssuerAuth alone (the MSO holds digests, not values), so the elements stay on the phone.
 */
export async function checkMdocIssuer(conn: AnyDb, issuerAuth: Uint8Array, docType: string, now: Date): Promise<MdocIssuerCheck> {
  const roots = (await issuerRoots(conn)).map((r) => r.certificate);
  try {
    return { trusted: true, issuer: verifyIssuerAuth(issuerAuth, docType, roots, now).issuer };
  } catch (error) {
    if (error instanceof VerificationRefused) return { trusted: false, code: error.code };
    throw error;
  }
}
