// `npm start`: refuses a Node older than package.json's engines in one line, then runs the compiled server
// (dist/) in this very process, building it first when it is missing or older than any file under src/
// (a fresh clone, a pull), so production never runs a TypeScript loader. package.json starts it with `exec`,
// so SIGTERM to npm reaches this process, which closes the port and exits (src/main.ts).
// Only old syntax here: the Node check must run, not fail to parse.
import { refuseUnsupportedNode } from './node-version.mjs';

refuseUnsupportedNode();
import('./dist.mjs').then((dist) => dist.serveDist(process.argv.slice(2)));
