import { randomUUID } from 'node:crypto';
import { recordAudits, type Actor, type AuditEvent } from '../../platform/audit/audit.ts';
import type { AnyDb } from '../../platform/db/database.ts';
import { lastKnown } from '../../platform/db/last-known.ts';
import { isDatabaseUnreachable } from '../../platform/db/unreachable.ts';
import type { Checks } from './checks.ts';
import { createdRequest, createPresentationRequest, newRequestRow, requestCreatedEvent, type CreatedRequest } from './create-presentation-request.ts';
import * as store from './store.ts';

interface KeptParty extends Omit<store.RelyingParty, 'certificate' | 'encrypted_private_key' | 'created_at'> {
  api_key_hash: string; certificate: string; encrypted_private_key: string; created_at: string;
}
interface KeptParties { at: string; parties: KeptParty[] }

/** The active parties are read again at most this often while the database answers: a suspension reaches the kept copy within it. */
const PARTIES_MAX_AGE_MS = 60_000;

export type Settlement = Parameters<typeof store.settlePresentationRequest>[2];

/**
 * The verifier's records: the database, and while it cannot be reached, what this node holds.
 * Relying parties come from a copy of the active ones kept on disk (their sealed keys and key
 * hashes, as in the database; the file is the service user's only). A request made during the
 * outage, with its nonce, state and response key, lives in this node's memory only: its answer
 * names it (`hanaro-held-request`) so the load balancer sends its later calls to this node
 * (deploy/systemd/haproxy.cfg), a restart forgets it (the wallet then starts again), and it is
 * never written to the database. Its audit entries wait in memory and are written, marked
 * `duringOutage` with the time they happened, once the database answers again.
 */
export function verifierRecords(conn: AnyDb, opts: { partiesFile: string; publicUrl: string }) {
  const keptParties = lastKnown<KeptParties>(opts.partiesFile, { private: true });
  const held = new Map<string, store.PresentationRequest>();
  const waitingAudits: { who: Actor; event: AuditEvent }[] = [];

  /** Reads the database; when it cannot be reached, answers `fallback` instead. */
  async function orHeld<T>(read: () => Promise<T>, fallback: () => Promise<T> | T): Promise<T> {
    try {
      const value = await read();
      await whenReachable().catch((error: unknown) => { if (!isDatabaseUnreachable(error)) throw error; });
      return value;
    } catch (error) {
      if (!isDatabaseUnreachable(error)) throw error;
      return fallback();
    }
  }

  /** The database answered: the kept parties are brought up to date, and audit entries written during the outage go in. */
  async function whenReachable(): Promise<void> {
    const copy = await keptParties.get();
    if (!copy || Date.now() - Date.parse(copy.at) > PARTIES_MAX_AGE_MS) {
      const parties = await store.listActiveRelyingPartiesToKeep(conn);
      await keptParties.keep({ at: new Date().toISOString(), parties: parties.map(keptOf) });
    }
    if (waitingAudits.length === 0) return;
    const waiting = waitingAudits.splice(0);
    try {
      await conn.transaction().execute(async (trx) => {
        for (const { who, event } of waiting) await recordAudits(trx, who, [event]);
      });
    } catch (error) {
      waitingAudits.unshift(...waiting);
      throw error;
    }
  }

  const keptParty = async (match: (p: KeptParty) => boolean) => {
    const party = (await keptParties.get())?.parties.find(match);
    return party && partyOf(party);
  };
  const audit = (who: Actor, event: AuditEvent) => {
    waitingAudits.push({ who, event: { ...event, details: { ...event.details, duringOutage: true, at: new Date().toISOString() } } });
  };
  const heldRequest = (id: string) => {
    const request = held.get(id);
    // Closed requests outlive their lifetime by a little, so a party still reads its answer.
    if (request && request.expires_at.getTime() < Date.now() - 15 * 60_000) held.delete(id);
    return held.get(id);
  };

  return {
    partyByKeyHash: (hash: string) => orHeld(() => store.findRelyingPartyByKeyHash(conn, hash), () => keptParty((p) => p.api_key_hash === hash)),
    partyById: (id: string) => orHeld(() => store.findRelyingPartyById(conn, id), () => keptParty((p) => p.id === id)),

    async createRequest(party: store.RelyingParty, checkId: string, ctx: { checks: Checks; who: Actor; engagement?: string; beforeHolding: () => Promise<void> }): Promise<CreatedRequest> {
      try {
        return await createPresentationRequest(conn, party, checkId, { ...ctx, publicUrl: opts.publicUrl });
      } catch (error) {
        // A wallet-first engagement is written by the wallet's own call, which failed too: it cannot be answered from memory.
        if (!isDatabaseUnreachable(error) || ctx.engagement !== undefined) throw error;
      }
      await ctx.beforeHolding();
      const row = await newRequestRow(party, checkId, ctx);
      const id = randomUUID();
      held.set(id, { ...row, id, status: 'pending', result: null, refusal: null, response_hash: null, created_at: new Date(), completed_at: null });
      audit(ctx.who, requestCreatedEvent(party, id, checkId, false));
      return createdRequest(opts.publicUrl, party, id, row.expires_at);
    },

    findRequest: async (id: string) => heldRequest(id) ?? store.findPresentationRequest(conn, id),
    findPartyRequest: async (partyId: string, id: string) => {
      const request = heldRequest(id);
      return request ? (request.relying_party_id === partyId ? request : undefined) : store.findPartyRequest(conn, partyId, id);
    },
    isHeld: (id: string) => held.has(id),
    isResponseSeen: async (id: string, hash: string) => held.has(id)
      ? [...held.values()].some((r) => r.response_hash === hash)
      : store.isResponseSeen(conn, hash),
    isRequestEngaged: async (id: string) => !held.has(id) && store.isRequestEngaged(conn, id),

    /** Settles a pending request once, with its audit entry: in the database, or in memory for a request held there. */
    async settle(id: string, outcome: Settlement, entry: AuditEvent): Promise<boolean> {
      const request = held.get(id);
      if (request) {
        if (request.status !== 'pending') return false;
        held.set(id, { ...request, status: outcome.status, result: outcome.result, refusal: outcome.refusal, response_hash: outcome.responseHash, completed_at: new Date() });
        audit({ actor: 'wallet' }, entry);
        return true;
      }
      return conn.transaction().execute(async (trx) => {
        const done = await store.settlePresentationRequest(trx, id, outcome);
        if (done) await recordAudits(trx, { actor: 'wallet' }, [entry]);
        return done;
      });
    },
  };
}

export type VerifierRecords = ReturnType<typeof verifierRecords>;

function keptOf(party: store.RelyingParty & { api_key_hash: string }): KeptParty {
  return {
    ...party, certificate: Buffer.from(party.certificate).toString('base64'),
    encrypted_private_key: Buffer.from(party.encrypted_private_key).toString('base64'), created_at: party.created_at.toISOString(),
  };
}

function partyOf({ api_key_hash: _hash, ...kept }: KeptParty): store.RelyingParty {
  return {
    ...kept, certificate: new Uint8Array(Buffer.from(kept.certificate, 'base64')),
    encrypted_private_key: new Uint8Array(Buffer.from(kept.encrypted_private_key, 'base64')), created_at: new Date(kept.created_at),
  };
}
