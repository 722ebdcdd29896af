// What a held credential says, read from its own bytes: SD-JWT disclosures or mdoc issuer-signed items.
import { b64u, decodeJsonB64u, fromB64u, sha256 } from './wallet-crypto.js';
import { decode, Tagged } from './wallet-cbor.js';

/** [{name, value, path}] for every claim the credential can disclose. */
export async function claimsOf(record) {
  if (record.format === 'mso_mdoc') {
    return mdocItems(record).map(({ namespace, item }) => ({ name: item.get('elementIdentifier'), value: plain(item.get('elementValue')), path: [namespace, item.get('elementIdentifier')] }));
  }
  return (await disclosuresOf(record.credential)).filter((d) => d.name !== undefined).map((d) => ({ name: d.name, value: d.value, path: [d.name] }));
}

export async function disclosuresOf(sdJwt) {
  const [, ...rest] = sdJwt.split('~');
  const encoded = rest.filter((part) => part && !part.includes('.'));
  return Promise.all(encoded.map(async (text) => {
    const array = decodeJsonB64u(text);
    const digest = b64u(await sha256(text));
    return array.length === 3 ? { text, digest, name: array[1], value: array[2] } : { text, digest, value: array[1] };
  }));
}

export function mdocItems(record) {
  const issuerSigned = decode(fromB64u(record.credential));
  const items = [];
  for (const [namespace, list] of issuerSigned.get('nameSpaces')) {
    for (const tagged of list) items.push({ namespace, tagged, item: decode(tagged.value) });
  }
  return items;
}

/** A CBOR value as JSON-like data: full-dates and tdates as their text, bytes kept. */
function plain(value) {
  if (value instanceof Tagged) return plain(value.value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/**
 * The claims in one language: a text the credential carries in several (`resident_address`, and
 * `resident_address#en` as OpenID Connect tags a translation) once, in `locale` where it has it,
 * else in the plain claim's language, else in the first it has.
 */
export function inLanguage(claims, locale) {
  const shown = new Map();
  for (const claim of claims) {
    const [name, tag] = String(claim.name).split('#');
    const path = [...claim.path.slice(0, -1), name];
    const fit = tag === undefined ? 1 : tag === locale || tag === locale.split('-')[0] ? 2 : 0;
    const key = path.join('/');
    if (!shown.has(key) || shown.get(key).fit < fit) shown.set(key, { name, value: claim.value, path, fit });
  }
  return [...shown.values()].map(({ name, value, path }) => ({ name, value, path }));
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A claim's value as a person reads it, with the words for yes and no and full dates in the page's language. */
export function claimText(value, words, locale = 'en') {
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (value instanceof Uint8Array) return '';
  if (Array.isArray(value)) return value.map((v) => claimText(v, words, locale)).join(', ');
  if (value !== null && typeof value === 'object') {
    return typeof value.vehicle_category_code === 'string' ? value.vehicle_category_code : Object.values(value).map((v) => claimText(v, words, locale)).join(' ');
  }
  if (typeof value === 'string' && FULL_DATE.test(value)) {
    // A full-date names a day, not an instant: read in UTC it stays the same day everywhere.
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  }
  return String(value);
}

/** The label the issuer gave a claim, in the page's language (else the first it has, else the claim's name). */
export function labelOf(record, path, locale) {
  const claim = (record.claimDisplay ?? []).find((c) => c.path.join('/') === path.join('/') || c.path[c.path.length - 1] === path[path.length - 1]);
  return textIn(claim?.display, locale) ?? path[path.length - 1];
}

export function textIn(display, locale) {
  if (!Array.isArray(display) || display.length === 0) return undefined;
  return (display.find((d) => d.locale === locale) ?? display.find((d) => d.locale?.startsWith(locale)) ?? display[0]).name;
}
