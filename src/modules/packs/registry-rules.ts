import { isValidIdNumber } from './id-number.ts';
import { compileDataSchema } from './pack-schema.ts';
import { duplicates, untranslatedTexts } from './pack-rules.ts';
import type { DataService, Pack, PackError, PackSource, Registry } from './pack.ts';

type Path = (string | number)[];

/**
 * The rules a registry follows: its agency exists, every named field is in every version's schema,
 * each version's schema compiles, and demo records fit the newest published version and name real residents.
 */
export function checkRegistryRules(pack: Pack, registryFiles: string[], src: PackSource): PackError[] {
  const errors: PackError[] = [];
  const agencies = new Set(pack.agencies.map((a) => a.id));
  const residents = new Set(pack.residents.map((r) => r.idNumber));
  duplicates(pack.registries.map((r) => r.id)).forEach((id) => errors.push(src.errorAt(registryFiles[0]!, [], `the registry "${id}" is defined twice`)));
  pack.registries.forEach((registry, i) => {
    const file = registryFiles[i]!;
    const err = (p: Path, message: string) => errors.push(src.errorAt(file, p, message));
    if (`registries/${registry.id}.yaml` !== file && `registries/${registry.id}.yml` !== file) err(['id'], `the id "${registry.id}" must match the file name`);
    if (!agencies.has(registry.agency)) err(['agency'], `there is no agency "${registry.agency}"`);
    const { versions, records, ...described } = registry;
    for (const t of untranslatedTexts(described, pack.country.languages)) err(t.path, `the text has no ${t.missing.join(', ')} translation`);
    duplicates(versions.map((v) => v.version)).forEach((v) => err(['versions'], `the version ${v} is listed twice`));
    versions.forEach((version, j) => checkFieldsNamed(registry, version.schema.properties, (p, m) => err(['versions', j, ...p], m)));
    checkFieldTitles(registry, pack.dataServices.filter((d) => d?.registry === registry.id && Array.isArray(d.returns)), err);
    const newest = newestPublished(registry);
    if (!newest) err(['versions'], 'at least one version must be published');
    if (!records?.length || !newest) return;
    if (!pack.country.demo) err(['records'], 'only a demo pack may list records; a real registry is filled through its API');
    let validate;
    try {
      validate = compileDataSchema(newest.schema);
    } catch (e) {
      err(['versions', versions.indexOf(newest), 'schema'], `the schema does not compile: ${(e as Error).message}`);
      return;
    }
    records.forEach((record, j) => {
      if (!validate(record)) err(['records', j], `does not fit version ${newest.version}: ${validate.errors?.[0]?.instancePath || '/'} ${validate.errors?.[0]?.message ?? ''}`);
      for (const field of registry.subjectFields) {
        const id = record[field];
        if (typeof id === 'string' && (!isValidIdNumber(id, pack.country.idNumber) || !residents.has(id))) err(['records', j, field], `${id} is not a resident of residents.yaml`);
      }
    });
  });
  return errors;
}

function checkFieldsNamed(registry: Registry, properties: Record<string, unknown>, err: (p: Path, message: string) => void): void {
  const lists = { keyFields: registry.keyFields, subjectFields: registry.subjectFields, personalFields: registry.personalFields, secretFields: registry.secretFields ?? [] };
  for (const [list, fields] of Object.entries(lists)) {
    for (const field of fields) if (!(field in properties)) err(['schema', 'properties'], `${list} names "${field}", which this version's schema does not have`);
  }
}

/**
 * Field titles are what residents and officers read instead of field names: every personal field and every
 * field a data service returns has one, and each title (or value title) names a field (or value) the schema has.
 */
function checkFieldTitles(registry: Registry, dataServices: DataService[], err: (p: Path, message: string) => void): void {
  const fields = valuesByField(registry);
  const titles = registry.fieldTitles ?? {};
  const untitled = (field: string) => fields.has(field) && !titles[field];
  registry.personalFields.filter(untitled).forEach((f) => err(['personalFields'], `the personal field "${f}" has no title: add fieldTitles.${f} with the words residents read`));
  for (const ds of dataServices) {
    ds.returns.filter((f) => untitled(f) && !registry.personalFields.includes(f))
      .forEach((f) => err(['fieldTitles'], `"${f}", which the data service "${ds.id}" returns, has no title: add fieldTitles.${f}`));
  }
  Object.keys(titles).filter((f) => !fields.has(f)).forEach((f) => err(['fieldTitles', f], `"${f}" has a title but no version's schema has a field "${f}"`));
  for (const [field, byValue] of Object.entries(registry.valueTitles ?? {})) {
    const values = fields.get(field);
    if (!values) err(['valueTitles', field], `"${field}" has value titles but no version's schema has a field "${field}"`);
    else if (!values.size) err(['valueTitles', field], `"${field}" takes no fixed values (no "enum" in its schema) to give titles to`);
    else {
      Object.keys(byValue).filter((v) => !values.has(v)).forEach((v) => err(['valueTitles', field, v], `"${v}" is not a value "${field}" can take (${[...values].join(', ')})`));
      [...values].filter((v) => !Object.hasOwn(byValue, v)).forEach((v) => err(['valueTitles', field], `the value "${v}" of "${field}" has no title`));
    }
  }
}

/** Every field any version's schema has, with the values it can take when the schema fixes them. */
function valuesByField(registry: Registry): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const { schema } of registry.versions) {
    for (const [field, property] of Object.entries(schema.properties ?? {})) {
      const values = fields.get(field) ?? new Set<string>();
      for (const v of enumOf(property)) values.add(String(v));
      fields.set(field, values);
    }
  }
  return fields;
}

/** The values a field (or, for a list, each item) can take, when its schema fixes them. */
function enumOf(property: Record<string, unknown>): unknown[] {
  const items = property.items as Record<string, unknown> | undefined;
  const values = property.enum ?? items?.enum;
  return Array.isArray(values) ? values : [];
}

/** The version new records go to: the newest published one. */
export function newestPublished(registry: Pick<Registry, 'versions'>): Registry['versions'][number] | undefined {
  const byNumber = (v: string) => v.split('.').map(Number) as [number, number];
  return registry.versions.filter((v) => v.status === 'published')
    .sort((a, b) => byNumber(b.version)[0] - byNumber(a.version)[0] || byNumber(b.version)[1] - byNumber(a.version)[1])[0];
}
