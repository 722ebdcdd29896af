import { createPrivateKey, hkdfSync, type KeyObject } from 'node:crypto';

/**
 * Private keys rest in the database as encrypted PKCS#8 (PBES2, AES-256-CBC). The passphrase is
 * derived from the platform's document-key secret, so a database dump alone signs nothing.
 */
function passphrase(secret: string): string {
  return Buffer.from(hkdfSync('sha256', secret, 'hanaro', 'document-signing-key/v1', 32)).toString('base64');
}

export async function sealPrivateKey(key: CryptoKey, secret: string): Promise<Uint8Array> {
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  const sealed = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
    .export({ format: 'der', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: passphrase(secret) });
  return new Uint8Array(sealed);
}

export async function openPrivateKey(sealed: Uint8Array, secret: string): Promise<CryptoKey> {
  const pkcs8 = createPrivateKey({ key: Buffer.from(sealed), format: 'der', type: 'pkcs8', passphrase: passphrase(secret) })
    .export({ format: 'der', type: 'pkcs8' });
  return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
}

/** The same sealed key as a node:crypto KeyObject, for signers that take one (COSE, jose). */
export function openPrivateKeyObject(sealed: Uint8Array, secret: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(sealed), format: 'der', type: 'pkcs8', passphrase: passphrase(secret) });
}
