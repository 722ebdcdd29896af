import type { Database } from '../../platform/db/database.ts';
import { agencyScope } from '../../platform/tenancy.ts';
import { findAgency } from '../agencies/index.ts';
import { issueApiKey } from './issue-api-key.ts';
import { AGENCY_API_SCOPES, isGrantableScope } from './scopes.ts';

export const API_KEY_USAGE = `  api-key create --agency <id> --scopes <scope,…> [--label <text>]
                        print a new API key of the agency for the GovStack APIs, as its administrator
                        makes one on /office/api-keys (the scopes: docs/api.md)`;

const DEFAULT_LABEL = 'hanaro api-key create';

/**
 * `hanaro api-key create`: the key alone on stdout (so `KEY=$(hanaro api-key create …)` works), what
 * it is on stderr. 0 made, 1 refused (one line on stderr: no such agency, a scope that is not one), 2 misused.
 */
export async function apiKeyCommand(args: string[], open: () => Promise<{ database: Database }>): Promise<number> {
  const [verb, ...flags] = args;
  const agency = valueOf(flags, '--agency');
  const scopes = valueOf(flags, '--scopes')?.split(',').map((s) => s.trim()).filter(Boolean);
  const label = valueOf(flags, '--label') ?? DEFAULT_LABEL;
  if (verb !== 'create' || !agency || !scopes?.length) {
    console.error(`Usage:\n${API_KEY_USAGE}`);
    return 2;
  }
  const unknown = scopes.filter((s) => !isGrantableScope(s));
  if (unknown.length) {
    console.error(`not a scope: ${unknown.join(', ')} (the scopes are ${AGENCY_API_SCOPES.map((s) => s.name).join(', ')} and registries:read:<registry>)`);
    return 1;
  }
  const { database } = await open();
  try {
    if (!(await findAgency(database.db, agency))) {
      console.error(`there is no agency "${agency}"`);
      return 1;
    }
    const made = await issueApiKey(database.db, agencyScope(agency), { label, scopes }, { staffId: null, who: { actor: 'system:cli' } });
    if (!made.ok) {
      console.error('--label must be 1 to 100 characters');
      return 1;
    }
    console.error(`A key of the agency ${agency} (id ${made.id}) with the scopes ${[...new Set(scopes)].join(', ')}; it is shown once, only its hash is kept. Send it as Authorization: Bearer <key>.`);
    console.log(made.secret);
    return 0;
  } finally {
    await database.close();
  }
}

function valueOf(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  const value = i >= 0 ? args[i + 1] : undefined;
  return value === undefined || value.startsWith('--') ? undefined : value;
}
