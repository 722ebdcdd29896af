import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A passkey authenticator in software (ES256, "none" attestation, user verified), so tests run the
 * real WebAuthn checks. Each credential keeps its own signature counter.
 */
export class SoftwareAuthenticator {
  private credentials = new Map<string, { privateKey: KeyObject; userHandle: string; counter: number }>();
  constructor(readonly origin: string, readonly rpId = new URL(origin).hostname) {}

  /** Answers navigator.credentials.create() for the server's options. */
  register(options: { challenge: string; user: { id: string } }): Record<string, unknown> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credentialId = randomBytes(16);
    const id = credentialId.toString('base64url');
    this.credentials.set(id, { privateKey, userHandle: options.user.id, counter: 0 });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    const attested = Buffer.concat([Buffer.alloc(16), u16(credentialId.length), credentialId, coseKey]);
    const authData = Buffer.concat([this.rpIdHash(), Buffer.from([0x01 | 0x04 | 0x40]), u32(0), attested]);
    const attestationObject = cbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      id, rawId: id, type: 'public-key', clientExtensionResults: {}, authenticatorAttachment: 'platform',
      response: { clientDataJSON: this.clientData('webauthn.create', options.challenge), attestationObject: attestationObject.toString('base64url'), transports: ['internal'] },
    };
  }

  /** Answers navigator.credentials.get(); with no `use`, the first (discoverable) credential answers. */
  authenticate(options: { challenge: string }, use?: string, opts: { counter?: number; origin?: string } = {}): Record<string, unknown> {
    const id = use ?? [...this.credentials.keys()][0]!;
    const credential = this.credentials.get(id)!;
    credential.counter = opts.counter ?? credential.counter + 1;
    const authData = Buffer.concat([this.rpIdHash(), Buffer.from([0x01 | 0x04]), u32(credential.counter)]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, opts.origin);
    const signed = Buffer.concat([authData, createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest()]);
    const signature = sign('sha256', signed, credential.privateKey);
    return {
      id, rawId: id, type: 'public-key', clientExtensionResults: {}, authenticatorAttachment: 'platform',
      response: { clientDataJSON, authenticatorData: authData.toString('base64url'), signature: signature.toString('base64url'), userHandle: credential.userHandle },
    };
  }

  private rpIdHash = () => createHash('sha256').update(this.rpId).digest();
  private clientData = (type: string, challenge: string, origin = this.origin) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })).toString('base64url');
}

const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

/** Just enough CBOR (RFC 8949) for attestation objects and COSE keys: ints, text, bytes, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    return Buffer.concat([Buffer.from([(major << 5) | 25]), u16(n)]);
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') { const b = Buffer.from(value); return Buffer.concat([head(3, b.length), b]); }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  throw new Error(`cannot encode ${typeof value}`);
}
