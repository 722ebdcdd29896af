/** A segment's bytes; undefined unless it is unpadded base64url (RFC 7515 §2), as jose decoded it. */
export function base64urlBytes(segment: unknown): Buffer | undefined {
  return isBase64url(segment) ? Buffer.from(segment, 'base64url') : undefined;
}

// Buffer.from alone skips characters outside the alphabet.
export const isBase64url = (segment: unknown): segment is string => typeof segment === 'string' && segment.length % 4 !== 1 && /^[A-Za-z0-9_-]*$/.test(segment);
