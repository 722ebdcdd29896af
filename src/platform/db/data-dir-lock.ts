import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database is one process's: a second Hanaro on the same data directory would
 * corrupt it, so the directory is claimed with a lock file naming the owner's process id.
 */
export function claimDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'hanaro.lock');
  const owner = readOwner(lockFile);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(`Another Hanaro process (pid ${owner}) is using the data directory ${dataDir}. Stop it first, or set HANARO_DATA_DIR to another directory.`);
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    if (readOwner(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
  };
}

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
