import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A digest of everything a seed reads: each file under the pack directory (its path and contents)
 * and `also` (the onboarded fragments, the migrations the seed's tables come from). The seed does
 * nothing that depends on the time, so the same digest means a seed would change nothing.
 */
export function packDigest(dir: string, also: unknown): string {
  const hash = createHash('sha256');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
  for (const file of files) {
    const contents = fs.readFileSync(path.join(dir, file));
    hash.update(`${file.split(path.sep).join('/')}\0${contents.length}\0`).update(contents);
  }
  return hash.update(JSON.stringify(also)).digest('hex');
}
