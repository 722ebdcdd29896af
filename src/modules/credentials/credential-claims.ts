import type { CredentialClaim, CredentialType, Text } from '../packs/index.ts';

/** A claim value as both formats carry it: dates are ISO `full-date` strings, marked so mdoc can tag them. */
export type ClaimValue = string | number | boolean | Uint8Array | FullDate | ClaimValue[] | { [key: string]: ClaimValue };

export class FullDate {
  constructor(readonly iso: string) {}
  toJSON(): string { return this.iso; }
}

export interface ClaimContext {
  /** Registry records by registry id: `residents` is the holder's own entry. */
  records: Record<string, Record<string, unknown>>;
  countryCode: string;
  /** The country's languages: a claim's plain name carries a text in the first, `name#xx` in each other. */
  languages: readonly string[];
  legalAges: Record<string, number>;
  agencyName: Text;
  validFrom: Date;
  validUntil: Date;
  /** The format requires a portrait element (the ISO mDL) even though the registry holds no photo. */
  portraitRequired: boolean;
}

/** The namespace of the ISO 18013-5 mDL, whose portrait element is mandatory. */
export const ISO_MDL_NAMESPACE = 'org.iso.18013.5.1';

/** A 1×1 grey JPEG: the registry holds no photos yet, and the mDL requires a portrait element. */
export const PORTRAIT_PLACEHOLDER = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');

/** A text in each language it is held in: read by buildClaims, never signed as it is. */
class Translations {
  constructor(readonly text: Text) {}
}

/**
 * The claims of `type` for one holder, in the pack's order; a claim whose source field is empty is
 * left out. A text held in several languages is one claim per language, tagged as OpenID Connect
 * Core §5.2 tags them: `resident_address` in the country's first language, `resident_address#en`.
 */
export function buildClaims(type: CredentialType, context: ClaimContext): { name: string; value: ClaimValue }[] {
  const out: { name: string; value: ClaimValue }[] = [];
  for (const claim of type.claims) {
    const value = claimValue(claim, context);
    if (value instanceof Translations) out.push(...translatedClaims(claim.name, value.text, context.languages));
    else if (value !== undefined) out.push({ name: claim.name, value });
  }
  return out;
}

function translatedClaims(name: string, text: Text, languages: readonly string[]): { name: string; value: string }[] {
  const [first, ...others] = languages;
  const plain = (first !== undefined ? text[first] : undefined) ?? Object.values(text)[0] ?? '';
  return [{ name, value: plain }, ...others.filter((l) => text[l]).map((l) => ({ name: `${name}#${l}`, value: text[l]! }))];
}

function claimValue(claim: CredentialClaim, c: ClaimContext): ClaimValue | Translations | undefined {
  const source = claim.from ? read(claim.from, c) : undefined;
  if (claim.from && (source === undefined || source === null || source === '')) return undefined;
  switch (claim.derive) {
    case undefined: return isDate(source) ? new FullDate(source) : source as ClaimValue;
    case 'family-name': return splitName(String(source))[0];
    case 'given-name': return splitName(String(source))[1];
    case 'text': return typeof source === 'object' ? new Translations(source as Text) : String(source);
    case 'age-over': return ageOn(String(source), c.validFrom) >= c.legalAges[claim.legalAge!]!;
    // No photo is made up: only a format that must carry one gets the placeholder.
    case 'portrait': return c.portraitRequired ? PORTRAIT_PLACEHOLDER : undefined;
    case 'nationality':
    case 'issuing-country': return c.countryCode;
    case 'issuing-authority': return new Translations(c.agencyName);
    case 'issue-date': return new FullDate(day(c.validFrom));
    case 'expiry-date': return new FullDate(day(c.validUntil));
    case 'driving-privileges': return drivingPrivileges(source as string[], claim, c);
  }
}

/** The fields of each source registry the claims of `type` read: what issuing it logs as read. */
export function sourceFields(type: CredentialType): Map<string, string[]> {
  const fields = new Map<string, Set<string>>(type.sources.map((s) => [s.registry, new Set<string>()]));
  for (const claim of type.claims.filter((c) => c.from)) {
    const [registry, field] = claim.from!.split('.') as [string, string];
    fields.get(registry)?.add(field);
    if (claim.derive === 'driving-privileges') for (const f of PRIVILEGE_DATES) fields.get(registry)?.add(f);
  }
  return new Map([...fields].map(([registry, f]) => [registry, [...f]]));
}

/** The licence record's fields each driving privilege carries beside its category. */
const PRIVILEGE_DATES = ['issued', 'validUntil'];

function read(from: string, c: ClaimContext): unknown {
  const [registry, field] = from.split('.') as [string, string];
  return c.records[registry]?.[field];
}

/** Latin names split at the first space; Korean names keep the first syllable as the family name. */
export function splitName(name: string): [string, string] {
  const trimmed = name.trim();
  const space = trimmed.indexOf(' ');
  if (space > 0) return [trimmed.slice(0, space), trimmed.slice(space + 1).trim()];
  const chars = [...trimmed];
  return [chars[0] ?? '', chars.slice(1).join('')];
}

/** Full years of age on `at`, from an ISO birth date. */
export function ageOn(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const age = at.getUTCFullYear() - y;
  const hadBirthday = at.getUTCMonth() + 1 > m || (at.getUTCMonth() + 1 === m && at.getUTCDate() >= d);
  return hadBirthday ? age : age - 1;
}

function drivingPrivileges(classes: string[], claim: CredentialClaim, c: ClaimContext): ClaimValue[] {
  const licence = c.records[claim.from!.split('.')[0]!] ?? {};
  const categories = [...new Set(classes.map((k) => claim.vehicleCategories?.[k] ?? k))];
  return categories.map((code) => ({
    vehicle_category_code: code,
    ...(isDate(licence.issued) ? { issue_date: new FullDate(licence.issued) } : {}),
    ...(isDate(licence.validUntil) ? { expiry_date: new FullDate(licence.validUntil) } : {}),
  }));
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const day = (d: Date) => d.toISOString().slice(0, 10);
