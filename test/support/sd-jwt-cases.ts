/**
 * Loads the SD-JWT test cases of test/vectors/sd-jwt/: YAML whose local tag `!sd` marks a
 * selectively disclosable claim (on a mapping key or a sequence item).
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, parse, parseDocument, type Node } from 'yaml';
import { Disclosable, sd } from '../../src/modules/mobile-id/sd-jwt/issue-sd-jwt.ts';

export const SD_JWT_VECTORS = fileURLToPath(new URL('../vectors/sd-jwt/', import.meta.url));

export interface SdJwtCase {
  name: string;
  userClaims: Record<string, unknown>;
  holderDisclosedClaims: unknown;
  expectVerifiedUserClaims?: Record<string, unknown>;
  keyBinding: boolean;
  serializationFormat: 'compact' | 'json';
  extraHeaderParameters: Record<string, unknown>;
  addDecoyClaims: boolean;
  includeDefaultClaims: boolean;
  settings: Record<string, unknown>;
}

export function loadCases(folder: string): SdJwtCase[] {
  const dir = path.join(SD_JWT_VECTORS, folder);
  const settings = parse(readFileSync(path.join(dir, 'settings.yml'), 'utf8')) as Record<string, unknown>;
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'specification.yml')))
    .map((e) => loadCase(path.join(folder, e.name), readFileSync(path.join(dir, e.name, 'specification.yml'), 'utf8'), settings));
}

function loadCase(name: string, text: string, baseSettings: Record<string, unknown>): SdJwtCase {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0]!;
  const tree = toValue(doc.contents) as Record<string, unknown>;
  const plain = (key: string) => (tree[key] === undefined ? undefined : stripMarkers(tree[key]));
  const override = (plain('settings_override') ?? {}) as Record<string, unknown>;
  // Overrides either replace key_settings whole or only its issuer_keys.
  const keySettings = { ...(baseSettings.key_settings as object), ...((override.key_settings as object) ?? {}), ...(override.issuer_keys ? { issuer_keys: override.issuer_keys } : {}) };
  return {
    name,
    userClaims: tree.user_claims as Record<string, unknown>,
    holderDisclosedClaims: plain('holder_disclosed_claims') ?? {},
    ...(tree.expect_verified_user_claims === undefined ? {} : { expectVerifiedUserClaims: plain('expect_verified_user_claims') as Record<string, unknown> }),
    keyBinding: plain('key_binding') === true,
    serializationFormat: plain('serialization_format') === 'json' ? 'json' : 'compact',
    extraHeaderParameters: (plain('extra_header_parameters') ?? {}) as Record<string, unknown>,
    addDecoyClaims: plain('add_decoy_claims') === true,
    includeDefaultClaims: plain('include_default_claims') !== false,
    settings: { ...baseSettings, key_settings: keySettings },
  };
}

function toValue(node: Node | null): unknown {
  if (node === null) return null;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = pair.key as Node;
      const name = isScalar(key) ? String(key.value) : String(toValue(key));
      const value = toValue(pair.value as Node | null);
      out[name] = key.tag === '!sd' ? sd(value) : value;
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => ((item as Node).tag === '!sd' ? sd(toValue(item as Node)) : toValue(item as Node)));
  if (isScalar(node)) {
    // A tag the parser does not know leaves the scalar a string; resolve plain scalars as untagged ones.
    if (node.tag === '!sd' && node.type === 'PLAIN') return parse(String(node.source));
    return node.value;
  }
  throw new Error(`unexpected YAML node in an SD-JWT case`);
}

/** The claims without the `!sd` markers. */
export function stripMarkers(value: unknown): unknown {
  if (value instanceof Disclosable) return stripMarkers(value.value);
  if (Array.isArray(value)) return value.map(stripMarkers);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripMarkers(v)]));
  return value;
}

const pyFalsyInArray = (v: unknown) => v === false || v === null || v === undefined || v === 0;
const pyTruthy = (v: unknown) =>
  Array.isArray(v) ? v.length > 0 : v !== null && typeof v === 'object' ? Object.keys(v).length > 0 : Boolean(v);

/**
 * The oracle: what a verifier must output for a case that states no expected claims, computed
 * from the tagged claims and the holder's choice alone (never from an SD-JWT), with the
 * reference tool's reading of the choice.
 */
export function expectedClaims(claims: unknown, frame: unknown): unknown {
  if (Array.isArray(claims)) {
    const wanted = Array.isArray(frame) ? frame : [];
    return claims.flatMap((element, i) => {
      if (!(element instanceof Disclosable)) return [expectedClaims(element, wanted[i])];
      return pyFalsyInArray(wanted[i]) ? [] : [expectedClaims(element.value, wanted[i])];
    });
  }
  if (claims === null || typeof claims !== 'object' || claims instanceof Disclosable) return claims;
  const wanted = (frame !== null && typeof frame === 'object' && !Array.isArray(frame) ? frame : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (!(value instanceof Disclosable)) out[name] = expectedClaims(value, wanted[name]);
    else if (pyTruthy(wanted[name])) out[name] = expectedClaims(value.value, wanted[name]);
  }
  return out;
}
