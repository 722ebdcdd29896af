// Bundles the compiled CLI and server (dist/main.js and all it imports, packages included) into
// dist/main.js and a few chunks beside it, so that a start reads a handful of files instead of about
// 1,800 modules: node's module loader was most of the 1.2–1.5 s of CPU that importing the app took
// (docs/benchmarks.md, "Start and memory"). Code loaded on first use (the PDF renderer, the OpenID
// provider, mail) stays in chunks of its own, loaded as before.
//
// What the bundle must keep: every file read beside its code. Hanaro's own modules find their
// migrations, assets and specs through import.meta.dirname/url, and CommonJS packages theirs through
// __dirname/__filename; both are rewritten to the file's original place under dist/ or node_modules/,
// which stay where they are. `require` of what is not bundled goes through createRequire.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const chunks = 'chunks'; // under dist/, emptied on every build

// Kept as packages, resolved from node_modules at run time as before: what loads files by path or is
// native (PGlite's WebAssembly, cbor-x's optional addon), and what only code loaded on first use needs
// (the PDF renderer's HarfBuzz and fonts, the OpenID provider, mail, passkeys, password strength), which
// a start does not pay for and which then runs exactly as the tests run it.
const external = [
  '@electric-sql/pglite', 'kysely-pglite-dialect', 'cbor-extract', 'pg-native',
  'pdf-lib', '@pdf-lib/fontkit', 'subset-font', '@signpdf/*', 'pkijs', 'qrcode',
  'oidc-provider', 'nodemailer', '@simplewebauthn/server', '@zxcvbn-ts/*',
].flatMap((name) => name.endsWith('/*') ? [name] : [name, `${name}/*`]);

/**
 * The expression, in the bundle's chunk, for the original directory of `file`. Not `import.meta`
 * itself: esbuild would take a CommonJS file that mentions it for a module.
 */
function originalDir(file) {
  const relative = path.relative(dist, path.dirname(file)).split(path.sep).join('/') || '.';
  return `__hanaroPath.join(__hanaroDist, ${JSON.stringify(relative)})`;
}

const filesInPlace = {
  name: 'files-in-place',
  setup(builder) {
    builder.onLoad({ filter: /\.(c|m)?js$/ }, async ({ path: file }) => {
      let text = await readFile(file, 'utf8');
      const dir = originalDir(file);
      const name = JSON.stringify(path.basename(file));
      const here = `__hanaroPath.join(${dir}, ${name})`;
      if (/\bimport\.meta\.(url|dirname|filename)\b/.test(text)) {
        text = text
          .replaceAll('import.meta.url', `__hanaroUrl.pathToFileURL(${here}).href`)
          .replaceAll('import.meta.dirname', dir)
          .replaceAll('import.meta.filename', here);
      }
      if (/\b__(dirname|filename)\b/.test(text)) text = `var __dirname = ${dir}, __filename = ${here};\n${text}`;
      return { contents: text, loader: 'js', resolveDir: path.dirname(file) };
    });
  },
};

await rm(path.join(dist, chunks), { recursive: true, force: true });
await build({
  entryPoints: [path.join(dist, 'main.js')],
  outdir: dist,
  chunkNames: `${chunks}/[name]-[hash]`,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  sourcemap: true,
  external,
  logLevel: 'warning',
  banner: {
    js: `import { createRequire as __hanaroRequire } from 'node:module'; import __hanaroPath from 'node:path'; import __hanaroUrl from 'node:url'; const require = __hanaroRequire(import.meta.url); const __hanaroDist = __hanaroPath.basename(import.meta.dirname) === '${chunks}' ? __hanaroPath.dirname(import.meta.dirname) : import.meta.dirname;`,
  },
  plugins: [filesInPlace],
});
