#!/usr/bin/env node
// Refuses a Node older than package.json's engines in one line (only old syntax in this file), then runs
// the compiled CLI when dist/ is built from the sources as they are (npm start or npm run build leaves it
// so), else the TypeScript sources through tsx: never a stale build.
import { refuseUnsupportedNode } from '../scripts/node-version.mjs';

refuseUnsupportedNode();
import('../scripts/dist.mjs').then(async ({ distIsFresh }) => {
  if (distIsFresh()) return import(new URL('../dist/main.js', import.meta.url).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL('../src/main.ts', import.meta.url).href);
});
