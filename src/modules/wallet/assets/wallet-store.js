/* global indexedDB */
// The wallet's storage: IndexedDB holds each credential beside its own non-extractable key (a CryptoKey, stored as is).

/** One object store in a database of its own: `run(mode, work)` does `work` in one transaction and answers its request's result. */
export function objectStore(database, name, keyPath) {
  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open(database, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(name, { keyPath });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return async function run(mode, work) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction(name, mode);
        const request = work(tx.objectStore(name));
        tx.oncomplete = () => resolve(request.result);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  };
}

const run = objectStore('hanaro-wallet', 'credentials', 'id');

export const saveCredential = (record) => run('readwrite', (store) => store.put(record));
export const listCredentials = async () => ((await run('readonly', (store) => store.getAll())) ?? []).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
export const removeCredential = (id) => run('readwrite', (store) => store.delete(id));
