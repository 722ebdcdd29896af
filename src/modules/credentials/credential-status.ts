import { randomInt, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { AnyDb } from '../../platform/db/database.ts';
import { signStatusListCwt, signStatusListJwt, StatusList, STATUS } from '../mobile-id/index.ts';
import { countStatusEntries, isStatusIndexTaken, listNonValidEntries, lockStatusList, type CredentialFormat, type CredentialStatus } from './store.ts';

/** 2^17 entries of 2 bits (valid, invalid, suspended): 32 KiB before compression, a few bytes after when all are valid. */
export const STATUS_LIST_SIZE = 131_072;
/** Verifiers may reuse a list this long; suspension reaches them within it. */
export const STATUS_LIST_TTL_SECONDS = 300;
const FULL = 0.75;

const CODES: Record<CredentialStatus, number> = { valid: STATUS.valid, revoked: STATUS.invalid, suspended: STATUS.suspended };

/** One list per agency and encoding: JWT for SD-JWT VCs, CWT for mdocs. */
export function statusListId(agencyId: string, format: CredentialFormat): string {
  return `${agencyId}-${format === 'mso_mdoc' ? 'cwt' : 'jwt'}-1`;
}

export const statusListUri = (publicUrl: string, listId: string) => `${publicUrl}/credentials/status/${listId}`;

export function parseStatusListId(id: string): { agencyId: string; encoding: 'jwt' | 'cwt' } | null {
  const match = /^([a-z][a-z0-9-]*)-(jwt|cwt)-1$/.exec(id);
  return match ? { agencyId: match[1]!, encoding: match[2] as 'jwt' | 'cwt' } : null;
}

/** A random free index (so neighbours in the list say nothing about who was issued when), inside the caller's transaction. */
export async function allocateStatusIndex(trx: AnyDb, listId: string): Promise<number> {
  await lockStatusList(trx, listId);
  if (await countStatusEntries(trx, listId) >= STATUS_LIST_SIZE * FULL) throw new Error(`status list ${listId} is full: add a second list`);
  for (;;) {
    const index = randomInt(STATUS_LIST_SIZE);
    if (!(await isStatusIndexTaken(trx, listId, index))) return index;
  }
}

async function currentList(conn: AnyDb, listId: string): Promise<StatusList> {
  const list = StatusList.create(STATUS_LIST_SIZE, 2);
  for (const entry of await listNonValidEntries(conn, listId)) list.set(entry.status_index, CODES[entry.status]);
  return list;
}

export interface ListSigner { key: KeyObject; documentSigner: Uint8Array }

/** The Status List Token as published now: signed by the agency's document signer, with its certificate. */
export async function statusListToken(conn: AnyDb, listId: string, uri: string, signer: ListSigner, now = new Date()): Promise<{ body: string | Buffer; contentType: string }> {
  const { encoding } = parseStatusListId(listId)!;
  const iat = Math.floor(now.getTime() / 1000);
  const token = { list: await currentList(conn, listId), subject: uri, iat, exp: iat + 24 * 3600, ttl: STATUS_LIST_TTL_SECONDS };
  if (encoding === 'cwt') {
    return { body: signStatusListCwt(token, { key: signer.key, x5chain: [signer.documentSigner] }), contentType: 'application/statuslist+cwt' };
  }
  const jwt = await signStatusListJwt(token, { key: signer.key.export({ format: 'jwk' }) as JWK, alg: 'ES256', x5c: [Buffer.from(signer.documentSigner).toString('base64')] });
  return { body: jwt, contentType: 'application/statuslist+jwt' };
}
