import { createCipheriv, createDecipheriv, createPrivateKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * The provider's private keys and the clients' secrets rest in the database encrypted with keys
 * derived from the platform's key secret (HANARO_DOCUMENT_KEY_SECRET), so a dump alone signs nothing.
 */
function derived(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'hanaro', purpose, 32));
}

export function sealPrivateKey(key: KeyObject, secret: string): Uint8Array {
  const passphrase = derived(secret, 'oidc-signing-key/v1').toString('base64');
  return new Uint8Array(key.export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase }));
}

export function openPrivateKey(sealed: Uint8Array, secret: string): KeyObject {
  const passphrase = derived(secret, 'oidc-signing-key/v1').toString('base64');
  return createPrivateKey({ key: Buffer.from(sealed), format: 'der', type: 'pkcs8', passphrase });
}

/** AES-256-GCM: 12-byte nonce, then the ciphertext, then the 16-byte tag. */
export function sealClientSecret(clientSecret: string, secret: string): Uint8Array {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derived(secret, 'oidc-client-secret/v1'), nonce);
  const body = Buffer.concat([cipher.update(clientSecret, 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([nonce, body, cipher.getAuthTag()]));
}

export function openClientSecret(sealed: Uint8Array, secret: string): string {
  const all = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', derived(secret, 'oidc-client-secret/v1'), all.subarray(0, 12));
  decipher.setAuthTag(all.subarray(all.length - 16));
  return Buffer.concat([decipher.update(all.subarray(12, all.length - 16)), decipher.final()]).toString('utf8');
}
