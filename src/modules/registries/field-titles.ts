import type { AnyDb } from '../../platform/db/database.ts';
import type { Text, Translator } from '../../platform/i18n/i18n.ts';
import * as store from './store.ts';

/** What a registry's fields and their values are called in the words people read (the pack's fieldTitles and valueTitles). */
export interface RegistryWords { fieldTitles?: store.FieldTitles; valueTitles?: store.ValueTitles }

const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined);

export const fieldTitle = (registry: RegistryWords | undefined, field: string): Text | undefined => own(registry?.fieldTitles, field);

export const valueTitle = (registry: RegistryWords | undefined, field: string, value: string): Text | undefined => own(own(registry?.valueTitles, field), value);

/** A field in the reader's language ("Address", not "address"); one without a title is spelled out from its name. */
export function fieldInWords(tr: Translator, registry: RegistryWords | undefined, field: string): string {
  return tr.text(fieldTitle(registry, field)) || field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A value of an enum field in the reader's language; one without a title stays as it is. */
export function valueInWords(tr: Translator, registry: RegistryWords | undefined, field: string, value: string): string {
  return tr.text(valueTitle(registry, field, value)) || value;
}

export const wordsOf = (row: Pick<store.RegistryRow, 'field_titles' | 'value_titles'>): RegistryWords => ({ fieldTitles: row.field_titles, valueTitles: row.value_titles });

/** The words of one registry; none when it is not (or no longer) there. */
export async function findRegistryWords(conn: AnyDb, registryId: string): Promise<RegistryWords> {
  const row = await store.findRegistry(conn, registryId);
  return row ? wordsOf(row) : {};
}

/** The words of every registry, by registry id. */
export async function listRegistryWords(conn: AnyDb): Promise<Map<string, RegistryWords>> {
  return new Map((await store.listRegistries(conn)).map((r) => [r.id, wordsOf(r)]));
}
