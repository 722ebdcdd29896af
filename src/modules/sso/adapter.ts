import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { AnyDb } from '../../platform/db/database.ts';
import * as store from './store.ts';
import { clientMetadata } from './client-metadata.ts';

/**
 * oidc-provider keeps its sessions, interactions, codes, tokens and grants here, in PostgreSQL
 * (or PGlite), so every Hanaro node sees the same state. Clients are read from the agencies' table.
 */
export function databaseAdapter(conn: AnyDb, secret: string) {
  return class DatabaseAdapter implements Adapter {
    constructor(readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      await store.upsertModel(conn, {
        model: this.model, id, payload: payload as Record<string, unknown>,
        grant_id: payload.grantId ?? null, uid: payload.uid ?? null, user_code: payload.userCode ?? null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null, consumed_at: null,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await store.findClientById(conn, id);
        return client && client.status === 'active' ? clientMetadata(client, secret) : undefined;
      }
      return payloadOf(await store.findModel(conn, this.model, { id }));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return payloadOf(await store.findModel(conn, this.model, { userCode }));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return payloadOf(await store.findModel(conn, this.model, { uid }));
    }

    async consume(id: string): Promise<void> {
      await store.consumeModel(conn, this.model, id);
    }

    async destroy(id: string): Promise<void> {
      await store.destroyModel(conn, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await store.destroyByGrant(conn, grantId);
    }
  };
}

function payloadOf(row: { payload: Record<string, unknown>; consumed_at: Date | null } | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  return { ...row.payload, ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}) } as AdapterPayload;
}
