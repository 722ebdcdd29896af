// Authorization requests the wallet sent and waits to hear back on: PKCE verifier, state and the DPoP key (a CryptoKey, kept as is).
import { objectStore } from './wallet-store.js';

const run = objectStore('hanaro-wallet-authorizations', 'pending', 'state');
const MAX_AGE_MS = 15 * 60 * 1000;

export const rememberAuthorization = (pending) => run('readwrite', (store) => store.put({ ...pending, createdAt: Date.now() }));

/** The request this answer's state belongs to, taken out so it is used once; none when unknown or too old. */
export async function takeAuthorization(state) {
  if (typeof state !== 'string' || !state) return null;
  const pending = await run('readwrite', (store) => store.get(state));
  await run('readwrite', (store) => store.delete(state));
  return pending && Date.now() - pending.createdAt < MAX_AGE_MS ? pending : null;
}
