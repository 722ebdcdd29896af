import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StatusSnapshot } from './snapshot.ts';

/**
 * The last status read from the database, in memory and in a file beside the data, so the page
 * still answers while the database is down, and after a restart with it down.
 */
export function lastKnownStatus(file: string) {
  let current: StatusSnapshot | null = null;
  return {
    get: async (): Promise<StatusSnapshot | null> => {
      if (current) return current;
      try {
        current = JSON.parse(await readFile(file, 'utf8')) as StatusSnapshot;
      } catch {
        return null;
      }
      return current;
    },
    /** Written to a temporary file and renamed over the old one, so a reader never sees half of it. */
    keep: async (snapshot: StatusSnapshot): Promise<void> => {
      current = snapshot;
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      await writeFile(partial, JSON.stringify(snapshot));
      await rename(partial, file);
    },
  };
}
