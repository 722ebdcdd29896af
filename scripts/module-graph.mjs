// `npm run docs:graph`: redraws the module graph in docs/architecture.md from dependency-cruiser's view
// of src/ (tests left out), one node a module. An import is drawn only where no longer path already
// says it (transitive reduction), and the kernel, which every module imports, is left out: what
// remains is the order of the layers, readable at a glance.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const doc = path.join(root, 'docs', 'architecture.md');
const [START, END] = ['<!-- module-graph: npm run docs:graph -->', '<!-- /module-graph -->'];

const json = execFileSync(process.execPath, [
  path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs'), 'src',
  '--include-only', '^src/', '--exclude', '\\.test\\.tsx?$', '--collapse', '^src/modules/[^/]+|^src/platform|^src/[^/]+\\.tsx?$',
  '--output-type', 'json',
], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const name = (source) => source.replace(/^src\/(modules\/)?/, '');
const edges = new Map();
for (const m of JSON.parse(json).modules) {
  if (m.source === 'src/platform') continue;
  edges.set(name(m.source), new Set(m.dependencies.map((d) => name(d.resolved)).filter((d) => d !== 'platform' && d !== name(m.source))));
}

/** Whether `to` is reachable from `from` without taking the direct edge between them. */
function reachableAround(from, to) {
  const seen = new Set();
  const stack = [...edges.get(from)].filter((n) => n !== to);
  while (stack.length) {
    const n = stack.pop();
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(edges.get(n) ?? []));
  }
  return false;
}

const id = (n) => n.replace(/[^a-z0-9]/gi, '_');
const lines = ['flowchart TD'];
for (const n of [...edges.keys()].sort()) lines.push(`  ${id(n)}["${n}"]`);
for (const [from, tos] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
  for (const to of [...tos].sort()) if (!reachableAround(from, to)) lines.push(`  ${id(from)} --> ${id(to)}`);
}

const text = fs.readFileSync(doc, 'utf8');
const [before, rest] = text.split(START);
if (rest === undefined || !rest.includes(END)) throw new Error(`${doc} has no ${START} … ${END} block`);
fs.writeFileSync(doc, `${before}${START}\n\`\`\`mermaid\n${lines.join('\n')}\n\`\`\`\n${END}${rest.slice(rest.indexOf(END) + END.length)}`);
console.log(`docs/architecture.md: ${edges.size} modules, ${lines.filter((l) => l.includes('-->')).length} imports drawn`);
