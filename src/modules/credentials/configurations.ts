import type { CredentialType } from '../packs/index.ts';
import type { CredentialFormat } from './store.ts';

/** A credential configuration (OpenID4VCI §12.2.4): one type in one format, e.g. `mobile-resident-card.mdoc`. */
export interface CredentialConfiguration { id: string; type: CredentialType; format: CredentialFormat }

const SUFFIX: Record<CredentialFormat, string> = { 'dc+sd-jwt': 'sd-jwt', mso_mdoc: 'mdoc' };

export function configurationsOf(type: CredentialType): CredentialConfiguration[] {
  return (Object.keys(type.formats) as CredentialFormat[]).map((format) => ({ id: `${type.id}.${SUFFIX[format]}`, type, format }));
}

export function parseConfigurationId(id: string): { typeId: string; format: CredentialFormat } | null {
  const match = /^([a-z][a-z0-9-]*)\.(sd-jwt|mdoc)$/.exec(id);
  if (!match) return null;
  return { typeId: match[1]!, format: match[2] === 'mdoc' ? 'mso_mdoc' : 'dc+sd-jwt' };
}
