import { untranslatedTexts } from './pack-rules.ts';
import type { CredentialType, Pack, PackError, PackSource } from './pack.ts';

/**
 * A credential type names an agency and registries that exist, fields they have, and legal ages the
 * country sets; its id, SD-JWT VC type and mdoc doctype are its own, since a wallet and a verifier
 * tell credentials apart by them.
 */
export function checkCredentialTypeRules(pack: Pack, files: string[], src: PackSource): PackError[] {
  const errors: PackError[] = [...namesTakenTwice(pack.credentialTypes, files, src)];
  const agencies = new Set(pack.agencies.map((a) => a.id));
  const registries = new Map(pack.registries.map((r) => [r.id, r]));
  const ages = pack.country.legalAges ?? {};
  pack.credentialTypes.forEach((type: CredentialType, i) => {
    const file = files[i]!;
    const err = (p: (string | number)[], message: string) => errors.push(src.errorAt(file, p, message));
    for (const t of untranslatedTexts(type, pack.country.languages)) err(t.path, `the text has no ${t.missing.join(', ')} translation`);
    if (!agencies.has(type.agency)) err(['agency'], `no agency "${type.agency}" in agencies.yaml`);
    const sources = new Set(type.sources.map((s) => s.registry));
    type.sources.forEach((s, j) => {
      const registry = registries.get(s.registry);
      if (!registry) err(['sources', j, 'registry'], `no registry "${s.registry}"`);
      else if (s.subjectField && !registry.subjectFields.includes(s.subjectField)) err(['sources', j, 'subjectField'], `"${s.subjectField}" is not a subject field of ${s.registry}`);
    });
    type.claims.forEach((c, j) => {
      if (!c.from && !c.derive) err(['claims', j], 'a claim needs "from" or "derive"');
      const [registry, field] = (c.from ?? '').split('.');
      if (c.from && !sources.has(registry!)) err(['claims', j, 'from'], `"${registry}" is not one of the sources`);
      else if (c.from && !(field! in (registries.get(registry!)?.versions.at(-1)?.schema.properties ?? {}))) err(['claims', j, 'from'], `${registry} has no field "${field}"`);
      if (c.derive === 'age-over' && !(c.legalAge && c.legalAge in ages)) err(['claims', j, 'legalAge'], 'age-over needs a legalAge the country defines');
      // ISO 18013-5 names the predicate by its age: age_over_19 must mean the country's 19.
      const named = c.derive === 'age-over' && c.legalAge && c.legalAge in ages ? /^age_over_(\d+)$/.exec(c.name)?.[1] : undefined;
      if (named !== undefined && Number(named) !== ages[c.legalAge!]) err(['claims', j, 'name'], `${c.name} does not say legalAges.${c.legalAge} (${ages[c.legalAge!]}): name it age_over_${ages[c.legalAge!]}`);
    });
  });
  return errors;
}

/** Each later credential type that reuses an earlier one's id, vct or doctype, told in its own file. */
function namesTakenTwice(types: readonly CredentialType[], files: string[], src: PackSource): PackError[] {
  const names: [string, (t: CredentialType) => string | undefined, (string | number)[]][] = [
    ['id', (t) => t.id, ['id']],
    ['vct', (t) => t.formats['dc+sd-jwt']?.vct, ['formats', 'dc+sd-jwt', 'vct']],
    ['doctype', (t) => t.formats.mso_mdoc?.doctype, ['formats', 'mso_mdoc', 'doctype']],
  ];
  return names.flatMap(([what, nameOf, p]) => {
    const first = new Map<string, string>();
    return types.flatMap((type, i) => {
      const name = nameOf(type);
      if (name === undefined) return [];
      const owner = first.get(name);
      if (owner === undefined) { first.set(name, type.id); return []; }
      return [src.errorAt(files[i]!, p, `the ${what} "${name}" is already the credential type "${owner}"'s`)];
    });
  });
}
