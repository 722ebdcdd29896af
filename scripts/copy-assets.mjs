// The compiled server reads SQL migrations, JSON schemas and web assets (styles, fonts, browser scripts) beside its code.
import fs from 'node:fs';
import path from 'node:path';

const from = 'src';
const to = 'dist';
// `.js` files under src are browser scripts (tsc compiles only .ts/.tsx), served as they are.
const keep = /\.(sql|json|ya?ml|css|svg|woff2?|js|txt)$/;

function copy(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const source = path.join(dir, entry.name);
    if (entry.isDirectory()) copy(source);
    else if (keep.test(entry.name)) {
      const target = path.join(to, path.relative(from, source));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}
copy(from);
// When dist/ was built: scripts/start.mjs and bin/hanaro.js build again, or run the sources, when src/ is newer.
fs.writeFileSync(path.join(to, '.built'), `${new Date().toISOString()}\n`);
