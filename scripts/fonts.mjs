// The web fonts, cut from KRDS's PretendardGOV (npm `krds-uiux`, the version package-lock.json pins) to what
// Hanaro's pages show: per weight one small Latin file, which every page needs, and one Hangul file, which only a
// page with Hangul on it fetches (each @font-face has a unicode-range). `npm run fonts` writes them into
// src/platform/web/assets/ with the @font-face rules in hanaro.css; they are committed, so a fresh clone
// needs no step of its own, and test/web-fonts.test.ts fails when they are not what this script makes now
// (a message with a syllable the Hangul file lacks, say). `node scripts/fonts.mjs --check` says the same.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import subsetFont from 'subset-font';
import { LOCALE_NAMES } from '../src/platform/web/locale-names.ts';

const ROOT = path.join(import.meta.dirname, '..');
const SOURCE_DIR = path.join(ROOT, 'node_modules', 'krds-uiux', 'resources', 'fonts');
export const ASSETS = path.join(ROOT, 'src', 'platform', 'web', 'assets');
export const CSS = path.join(ASSETS, 'hanaro.css');
const BEGIN = '/* Web fonts: written by `npm run fonts` (scripts/fonts.mjs); not edited by hand. */';
const END = '/* End of web fonts. */';

export const WEIGHTS = { 400: 'Regular', 500: 'Medium', 700: 'Bold' };

/** What the Latin file answers for: ASCII, Latin-1, the punctuation, currency signs and arrows English text uses. */
const LATIN = [[0x20, 0x7e], [0xa0, 0xff], [0x131], [0x152, 0x153], [0x2bb, 0x2bc], [0x2c6], [0x2da], [0x2dc],
  [0x2010, 0x2027], [0x2030, 0x203a], [0x20a9], [0x20ac], [0x2122], [0x2190, 0x2199], [0x2212]];
/** What the Hangul file answers for: the Hangul blocks, CJK punctuation and full-width forms. */
const HANGUL = [[0x1100, 0x11ff], [0x3000, 0x303f], [0x3130, 0x318f], [0xa960, 0xa97f], [0xac00, 0xd7ff], [0xff00, 0xffef]];

const inRanges = (ranges, cp) => ranges.some(([from, to = from]) => cp >= from && cp <= to);
const pointsOf = (ranges) => ranges.flatMap(([from, to = from]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));

/** KS X 1001's 2,350 Hangul syllables: EUC-KR rows 0xB0–0xC8, cells 0xA1–0xFE. */
export function ksx1001Syllables() {
  const bytes = [];
  for (let lead = 0xb0; lead <= 0xc8; lead++) for (let trail = 0xa1; trail <= 0xfe; trail++) bytes.push(lead, trail);
  return [...new TextDecoder('euc-kr').decode(Uint8Array.from(bytes))].map((c) => c.codePointAt(0));
}

function stringsOf(value, into) {
  if (typeof value === 'string') into.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, into);
  return into;
}

/** Every character the platform's messages (src/**\/messages) and the packs (packs/) put on a page. */
export function charactersShown() {
  const texts = [];
  for (const file of fs.globSync('src/**/messages/*.json', { cwd: ROOT })) stringsOf(JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')), texts);
  for (const file of fs.globSync('packs/**/*.{yaml,yml,json,md,txt,css}', { cwd: ROOT })) texts.push(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  return codePointsOf(texts);
}

/**
 * The Hangul a page in another language shows: the language chooser's "한국어", a hint's Korean example
 * ("for example 등본"). These few letters go in the Latin file, so no such page fetches the Hangul file for them.
 */
export function hangulOnOtherPages() {
  const texts = [...Object.values(LOCALE_NAMES)];
  for (const file of fs.globSync('src/**/messages/*.json', { cwd: ROOT })) {
    if (path.basename(file) !== 'ko.json') stringsOf(JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')), texts);
  }
  return new Set([...codePointsOf(texts)].filter((cp) => inRanges(HANGUL, cp)));
}

const codePointsOf = (texts) => new Set([...texts.join('')].map((c) => c.codePointAt(0)));

/** "U+20-7E, U+A0-FF, …" for a set of code points. */
function unicodeRange(points) {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const hex = (cp) => cp.toString(16).toUpperCase();
    parts.push(i === j ? `U+${hex(sorted[i])}` : `U+${hex(sorted[i])}-${hex(sorted[j])}`);
    i = j + 1;
  }
  return parts.join(', ');
}

const version = (bytes) => createHash('sha256').update(bytes).digest('base64url').slice(0, 12);

/**
 * The files and the @font-face rules, made from the sources: the same bytes every time.
 * Layout closure is off (a glyph only for a character asked for, not every stylistic alternate
 * and fraction digit it could become): that halves the Latin file and the pages use no such feature.
 */
export async function makeWebFonts() {
  const sources = Object.fromEntries(Object.entries(WEIGHTS).map(([weight, style]) =>
    [weight, fs.readFileSync(path.join(SOURCE_DIR, `PretendardGOV-${style}.subset.woff2`))]));
  const cmap = new Set(fontkit.create(sources[400]).characterSet);
  const shown = new Set([...charactersShown()].filter((cp) => cmap.has(cp)));
  const elsewhere = new Set([...hangulOnOtherPages()].filter((cp) => cmap.has(cp)));
  // The Latin file: its ranges, the Hangul other languages' pages show, and any symbol a message uses beyond both blocks.
  const extra = [...shown, ...elsewhere].filter((cp) => cp > 0x20 && (elsewhere.has(cp) || (!inRanges(LATIN, cp) && !inRanges(HANGUL, cp))));
  const latin = [...pointsOf(LATIN), ...extra];
  const hangul = [...ksx1001Syllables(), ...[...shown].filter((cp) => inRanges(HANGUL, cp))].filter((cp) => !elsewhere.has(cp));
  const hangulRange = pointsOf(HANGUL).filter((cp) => !elsewhere.has(cp));
  const files = new Map();
  const rules = [];
  for (const [weight, source] of Object.entries(sources)) {
    for (const [part, points, range] of [['latin', latin, latin], ['hangul', hangul, hangulRange]]) {
      const name = `pretendard-gov-${weight}-${part}.woff2`;
      const text = String.fromCodePoint(...[...new Set(points)].sort((a, b) => a - b));
      // Name records 13 and 14 too (the licence and its address): the OFL travels inside each file.
      const bytes = Buffer.from(await subsetFont(source, text, { targetFormat: 'woff2', noLayoutClosure: true, preserveNameIds: [13, 14] }));
      files.set(name, bytes);
      rules.push(`@font-face { font-family: "Pretendard GOV"; font-weight: ${weight}; font-display: swap; src: url("/assets/${name}?v=${version(bytes)}") format("woff2"); unicode-range: ${unicodeRange(range)}; }`);
    }
  }
  return { files, block: [BEGIN, ...rules, END].join('\n') };
}

/** hanaro.css with its web-font rules replaced by `block`. */
export function cssWith(css, block) {
  const from = css.indexOf(BEGIN);
  const to = css.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${path.relative(ROOT, CSS)} has no "${BEGIN}" … "${END}" block`);
  return css.slice(0, from) + block + css.slice(to + END.length);
}

/** What differs between the committed fonts and rules and what makes them now; empty when nothing. */
export async function staleWebFonts() {
  const { files, block } = await makeWebFonts();
  const stale = [...files].filter(([name, bytes]) => !fs.existsSync(path.join(ASSETS, name)) || !fs.readFileSync(path.join(ASSETS, name)).equals(bytes)).map(([name]) => name);
  const leftOver = fs.readdirSync(ASSETS).filter((name) => /^pretendard-gov-.*\.woff2$/.test(name) && !files.has(name));
  const css = fs.readFileSync(CSS, 'utf8');
  return [...stale, ...leftOver, ...(cssWith(css, block) === css ? [] : ['hanaro.css'])];
}

if (import.meta.main) {
  if (process.argv.includes('--check')) {
    const stale = await staleWebFonts();
    if (stale.length) {
      console.error(`The web fonts are not what scripts/fonts.mjs makes now (${stale.join(', ')}): run npm run fonts and commit them.`);
      process.exit(1);
    }
  } else {
    const { files, block } = await makeWebFonts();
    for (const name of fs.readdirSync(ASSETS)) if (/^pretendard-gov-.*\.woff2$/.test(name) && !files.has(name)) fs.rmSync(path.join(ASSETS, name));
    for (const [name, bytes] of files) fs.writeFileSync(path.join(ASSETS, name), bytes);
    fs.writeFileSync(CSS, cssWith(fs.readFileSync(CSS, 'utf8'), block));
    for (const [name, bytes] of files) console.log(`${name} ${(bytes.length / 1024).toFixed(1)} KB`);
  }
}
