/* global indexedDB */
// The wallet's storage: IndexedDB holds each credential beside its own non-extractable key (a CryptoKey, stored as is).
const DB = 'hanaro-wallet';
const STORE = 'credentials';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const saveCredential = (record) => run('readwrite', (store) => store.put(record));
export const listCredentials = async () => ((await run('readonly', (store) => store.getAll())) ?? []).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
export const removeCredential = (id) => run('readwrite', (store) => store.delete(id));
