// The compiled server reads SQL migrations, JSON schemas and web assets beside its code.
import fs from 'node:fs';
import path from 'node:path';

const from = 'src';
const to = 'dist';
const keep = /\.(sql|json|css|svg|woff2?)$/;

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
