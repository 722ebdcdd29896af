import fs from 'node:fs';
import type { Database } from '../../platform/db/database.ts';
import type { OnboardingSettings } from './add-agency.ts';
import { FragmentInvalidError, formatFragmentError, loadPack } from '../packs/index.ts';
import { addAgency } from './add-agency.ts';
import { AppError } from '../../platform/http/errors.ts';
import { KEY_KINDS, rotateAgencyKeys, type KeyKind, type RotatedKeys } from './rotate-agency-keys.ts';

export const AGENCY_USAGE = `  agency add <fragment.yaml> [--update]
                        add (or update an onboarded) agency from a fragment, checked like a pack; a running platform serves it at once
  agency rotate-keys <agency> [--kind ${KEY_KINDS.join('|')}]
                        new signing keys for the agency (documents, exchange messages or mobile ID
                        credentials); the old ones stay for verification`;

/** `hanaro agency …`: 0 done, 1 refused (the reasons on stderr), 2 misused. */
export async function agencyCommand(args: string[], open: () => Promise<{ database: Database; packDir: string; keySecret: string; publicUrl: string }>, seedPack: OnboardingSettings['seedPack']): Promise<number> {
  const [verb, target, ...flags] = args;
  if (verb === 'add' && target) {
    if (!fs.existsSync(target) || !fs.statSync(target).isFile()) {
      console.error(`${target}: there is no fragment file here`);
      return 1;
    }
    const text = fs.readFileSync(target, 'utf8');
    const { database, packDir, keySecret } = await open();
    try {
      const added = await addAgency(database.db, text, { update: flags.includes('--update') }, { pack: () => loadPack(packDir), keySecret, seedPack }, { actor: 'system:cli' });
      console.log(`Added the agency ${added.agencyId}: ${added.services.length} service(s) (${added.services.join(', ') || 'none'}), ${added.staff.length} staff, ${added.credentialTypes.length} credential type(s) (${added.credentialTypes.join(', ') || 'none'}); document-signing certificate ${added.documentKey}, exchange key ${added.exchangeKey}. Running nodes serve it now.`);
      return 0;
    } catch (err) {
      if (!(err instanceof FragmentInvalidError)) throw err;
      console.error(`${target}: ${err.errors.length} error${err.errors.length === 1 ? '' : 's'}:\n${err.errors.map(formatFragmentError).join('\n')}`);
      return 1;
    } finally {
      await database.close();
    }
  }
  if (verb === 'rotate-keys' && target) {
    const i = flags.indexOf('--kind');
    const kind = (i >= 0 ? flags[i + 1] : 'documents') as KeyKind;
    if (!KEY_KINDS.includes(kind)) {
      console.error(`--kind must be one of: ${KEY_KINDS.join(', ')}`);
      return 2;
    }
    const { database, keySecret, publicUrl } = await open();
    try {
      const rotated = await rotateAgencyKeys(database.db, target, [kind], { keySecret, publicUrl }, { actor: 'system:cli' });
      if (!rotated) {
        console.error(`there is no agency "${target}"`);
        return 1;
      }
      console.log(`The agency ${target} signs ${rotatedWhat(rotated)}; the old one is kept for verification.`);
      return 0;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'agency_issues_no_credentials')) throw err;
      console.error(`the agency "${target}" issues no mobile ID credentials: it has no document signer to rotate`);
      return 1;
    } finally {
      await database.close();
    }
  }
  console.error(`Usage:\n${AGENCY_USAGE}`);
  return 2;
}

function rotatedWhat(rotated: RotatedKeys): string {
  if (rotated.documents) return `documents with a new key (certificate ${rotated.documents.serialNumber})`;
  if (rotated.exchange) return `exchange messages with a new key (kid ${rotated.exchange.kid})`;
  return `mobile ID credentials with a new document signer (certificate ${rotated.credentials?.serialNumber}, subject alternative names ${rotated.credentials?.subjectAltName.join(', ')})`;
}
