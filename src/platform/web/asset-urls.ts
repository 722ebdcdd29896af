import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ASSETS_DIR = path.join(import.meta.dirname, 'assets');

/** Each asset's content digest, read once at start: its address changes whenever its content does. */
const versions = new Map(fs.readdirSync(ASSETS_DIR).map((name) =>
  [name, createHash('sha256').update(fs.readFileSync(path.join(ASSETS_DIR, name))).digest('base64url').slice(0, 12)]));

/** The address of an asset with its content's version, so a browser may keep it for a year. */
export function assetUrl(name: string): string {
  const version = versions.get(name);
  if (!version) throw new Error(`no asset ${name} in ${ASSETS_DIR}`);
  return `/assets/${name}?v=${version}`;
}

/** Whether a request asks for the current version of an asset (then it never changes at that address). */
export function isCurrentAsset(url: string): boolean {
  const match = /^\/assets\/([\w.-]+)\?v=([\w-]+)$/.exec(url);
  return !!match && versions.get(match[1]!) === match[2];
}
