#!/usr/bin/env node
// Runs the compiled CLI when dist/ is built from the sources as they are (npm start or npm run
// build leaves it so), else the TypeScript sources through tsx: never a stale build.
import { pathToFileURL } from 'node:url';
import { distIsFresh } from '../scripts/start.mjs';

if (distIsFresh()) {
  await import(pathToFileURL(new URL('../dist/main.js', import.meta.url).pathname).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
