import type { Text } from '../../platform/i18n/i18n.ts';
import { newestPublished } from '../packs/index.ts';
import type { RegistryRow, VersionRow } from './store.ts';

const inLocale = (text: Text | null, locale: string) => (text ? text[locale] ?? Object.values(text)[0] ?? '' : '');

/** A registry as the GovStack Database API's DatabaseInfo: metadata and schema, never records. */
export function presentDatabase(registry: RegistryRow, versions: VersionRow[], agencyName: Text, locale: string) {
  const newest = newestPublished({ versions });
  const current = versions.find((v) => v.version === newest?.version) ?? versions.at(-1);
  const flags = (name: string, fields: string[]) => fields.map((f) => ({ name, path: `/${f}` }));
  return {
    id: registry.number, version: current?.version ?? '', name: registry.id, description: inLocale(registry.description ?? registry.title, locale),
    institution: inLocale(agencyName, locale), numberFormat: registry.key_fields.map((f) => `{${f}}`).join('|'),
    schema: current?.schema ?? { type: 'object', properties: {} },
    schemaTags: [],
    schemaFlags: [...flags('primaryKey', registry.key_fields), ...flags('personal', registry.personal_fields), ...flags('secret', registry.secret_fields)],
    fieldsUniques: [registry.key_fields],
    isDraft: current?.status === 'draft', isDisabled: false, isArchived: versions.every((v) => v.status === 'archived'),
    modifiedAt: (current?.updated_at ?? registry.updated_at).toISOString(),
    versions: versions.map((v) => ({ version: v.version, status: v.status })),
  };
}
