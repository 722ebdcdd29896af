// Read first by scripts/start.mjs and bin/hanaro.js, before anything that needs a newer Node: so this file
// keeps to syntax that an old Node parses (no ?., ??, top-level await), and an old Node gets one clear line.
import fs from 'node:fs';

const required = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;

/** Why Node `version` cannot run Hanaro, in one line, or null when it can (package.json's engines.node, ">=24"). */
export function nodeVersionProblem(version, range = required) {
  const minimum = Number(/^>=\s*(\d+)/.exec(range)[1]);
  const match = /^v?(\d+)\./.exec(version);
  const major = match ? Number(match[1]) : 0;
  if (major >= minimum) return null;
  return `Hanaro needs Node.js ${minimum} or later, and this is Node.js ${version}: README.md, "Quick start", says how to install it (npm install -g --force node@${minimum}, then hash -r).`;
}

/** Exits with that line on stderr when this Node is too old. */
export function refuseUnsupportedNode() {
  const problem = nodeVersionProblem(process.version);
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}
