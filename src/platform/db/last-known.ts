import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The last copy of something read from the database, in memory and in a file beside the data, so
 * it still answers while the database is down, and after a restart with it down. `private` files
 * (sealed keys, key hashes) are readable by the service's own user only.
 */
export function lastKnown<T>(file: string, opts: { private?: boolean } = {}) {
  let current: T | null = null;
  let writing: Promise<void> = Promise.resolve();
  const write = async (copy: T) => {
    await mkdir(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(copy), opts.private ? { mode: 0o600 } : {});
    if (opts.private) await chmod(partial, 0o600);
    await rename(partial, file);
  };
  return {
    get: async (): Promise<T | null> => {
      if (current) return current;
      try {
        current = JSON.parse(await readFile(file, 'utf8')) as T;
      } catch {
        return null;
      }
      return current;
    },
    /** Held in memory only: the copy on disk is the same but for when it was last confirmed. */
    hold: (copy: T): void => { current = copy; },
    /** Written to a temporary file and renamed over the old one, one write at a time, so a reader never sees half of it. */
    keep: async (copy: T): Promise<void> => {
      current = copy;
      writing = writing.catch(() => undefined).then(() => write(copy));
      await writing;
    },
  };
}
