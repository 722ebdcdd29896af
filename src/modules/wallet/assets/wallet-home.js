/* global document */
import { cardOf, say } from './wallet-cards.js';
import { listCredentials, removeCredential } from './wallet-store.js';

async function show() {
  const list = document.getElementById('wallet-cards');
  const records = await listCredentials();
  document.getElementById('wallet-empty').hidden = records.length > 0;
  list.replaceChildren(...await Promise.all(records.map((r) => cardOf(r, { onRemove: async (record) => { await removeCredential(record.id); await show(); } }))));
}

show().catch((error) => { document.getElementById('wallet-empty').textContent = `${say('empty')} (${error.message})`; });
