import { refuse } from '../refusal.ts';

/**
 * An SD-JWT in any of its serializations: compact (`<JWT>~<D1>~…~<KB-JWT>`) or the JWS JSON
 * serializations of RFC 9901 §8, where the disclosures and the KB-JWT ride in the first
 * signature's unprotected header.
 */
export interface SdJwtParts {
  format: 'compact' | 'flattened' | 'general';
  payload: string;
  signatures: { protected: string; signature: string }[];
  disclosures: string[];
  kbJwt?: string;
}

export interface SdJwtJson {
  payload: string;
  protected?: string;
  signature?: string;
  header?: { disclosures?: string[]; kb_jwt?: string };
  signatures?: { protected: string; signature: string; header?: { disclosures?: string[]; kb_jwt?: string } }[];
}

export function parseSdJwt(input: string | SdJwtJson): SdJwtParts {
  if (typeof input === 'string') {
    const trimmed = input.trim();
    return trimmed.startsWith('{') ? parseJson(JSON.parse(trimmed) as SdJwtJson) : parseCompact(trimmed);
  }
  return parseJson(input);
}

function parseCompact(text: string): SdJwtParts {
  const segments = text.split('~');
  if (segments.length < 2) return refuse('malformed', 'an SD-JWT ends with ~ or a KB-JWT');
  const [jwt, ...rest] = segments as [string, ...string[]];
  const last = rest.pop()!;
  const jws = jwt.split('.');
  if (jws.length !== 3) return refuse('malformed', 'the issuer-signed JWT is not a compact JWS');
  if (rest.some((d) => d === '')) return refuse('disclosure_malformed', 'an empty disclosure');
  return {
    format: 'compact',
    payload: jws[1]!,
    signatures: [{ protected: jws[0]!, signature: jws[2]! }],
    disclosures: rest,
    ...(last ? { kbJwt: last } : {}),
  };
}

function parseJson(json: SdJwtJson): SdJwtParts {
  if (typeof json.payload !== 'string') return refuse('malformed', 'the JSON SD-JWT has no payload');
  const general = Array.isArray(json.signatures);
  const entries = general ? json.signatures! : [{ protected: json.protected!, signature: json.signature!, header: json.header }];
  if (entries.length === 0 || entries.some((e) => typeof e.protected !== 'string' || typeof e.signature !== 'string')) {
    return refuse('malformed', 'the JSON SD-JWT has no usable signature');
  }
  const header = entries[0]!.header ?? {};
  return {
    format: general ? 'general' : 'flattened',
    payload: json.payload,
    signatures: entries.map((e) => ({ protected: e.protected, signature: e.signature })),
    disclosures: header.disclosures ?? [],
    ...(header.kb_jwt ? { kbJwt: header.kb_jwt } : {}),
  };
}

/** What `sd_hash` covers: the first signature's JWT in compact form, then each disclosure followed by `~`. */
export function compactSdJwt(parts: SdJwtParts): string {
  const first = parts.signatures[0]!;
  return [`${first.protected}.${parts.payload}.${first.signature}`, ...parts.disclosures, ''].join('~');
}

export function serializeSdJwt(parts: SdJwtParts): string | SdJwtJson {
  if (parts.format === 'compact') return compactSdJwt(parts) + (parts.kbJwt ?? '');
  const header = { disclosures: parts.disclosures, ...(parts.kbJwt ? { kb_jwt: parts.kbJwt } : {}) };
  if (parts.format === 'flattened') return { payload: parts.payload, ...parts.signatures[0]!, header };
  return { payload: parts.payload, signatures: parts.signatures.map((s, i) => (i === 0 ? { ...s, header } : { ...s })) };
}
