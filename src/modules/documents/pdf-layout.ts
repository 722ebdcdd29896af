import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import subsetFont from 'subset-font';

/** Pretendard (SIL OFL 1.1) covers all 11,172 Hangul syllables; see fonts/SOURCES.md. */
const FONT_DIR = path.join(import.meta.dirname, 'fonts');
const fontBytes = { regular: fs.readFileSync(path.join(FONT_DIR, 'Pretendard-Regular.woff')), bold: fs.readFileSync(path.join(FONT_DIR, 'Pretendard-Bold.woff')) };

export const A4 = { width: 595.28, height: 841.89 } as const;
export const INK = rgb(0.1, 0.12, 0.16);
export const MUTED = rgb(0.36, 0.39, 0.44);
export const RULE = rgb(0.62, 0.66, 0.72);
export const SHADE = rgb(0.94, 0.95, 0.97);
export const SEAL = rgb(0.78, 0.1, 0.12);

export interface Fonts { regular: PDFFont; bold: PDFFont }

const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/**
 * Embeds both weights cut down to the characters the document uses. HarfBuzz subsets here:
 * pdf-lib's own subsetter drops glyphs of this font, and the whole font would be 2.7 MB a weight.
 * No layout closure: contextual alternates (a raised hyphen between figures) would reach the
 * page with a wrong ToUnicode entry, so copied or searched text would not match what is printed.
 */
export async function embedFonts(pdf: PDFDocument, text: string): Promise<Fonts> {
  pdf.registerFontkit(fontkit);
  const chars = [...new Set(text + PRINTABLE_ASCII)].join('');
  const [regular, bold] = await Promise.all([fontBytes.regular, fontBytes.bold].map((f) => subsetFont(f, chars, { targetFormat: 'truetype', noLayoutClosure: true })));
  // The six-letter tag marks an embedded subset, as PDF (and PDF/A) readers expect.
  const tag = [...createHash('sha256').update(chars).digest().subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  return {
    regular: await pdf.embedFont(regular!, { customName: `${tag}+Pretendard-Regular` }),
    bold: await pdf.embedFont(bold!, { customName: `${tag}+Pretendard-Bold` }),
  };
}

const advances = new WeakMap<PDFFont, Map<string, number>>();

/**
 * Width of a line as the sum of its characters' advances (kerning ignored): shaping a Hangul
 * font costs milliseconds a call, and wrapping measures many candidate lines.
 */
export function measure(text: string, font: PDFFont, size: number): number {
  let cache = advances.get(font);
  if (!cache) advances.set(font, cache = new Map());
  let units = 0;
  for (const ch of text) {
    let w = cache.get(ch);
    if (w === undefined) cache.set(ch, w = font.widthOfTextAtSize(ch, 1000));
    units += w;
  }
  return (units * size) / 1000;
}

/** Breaks text into lines no wider than `width`: at spaces, or anywhere in a word too long for a line. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (measure(next, font, size) <= width) { line = next; continue; }
      if (line) lines.push(line);
      line = '';
      for (const ch of word) {
        if (measure(line + ch, font, size) > width && line) { lines.push(line); line = ''; }
        line += ch;
      }
    }
    lines.push(line);
  }
  return lines;
}

export interface TextStyle { font: PDFFont; size: number; color?: RGB; align?: 'left' | 'center' | 'right'; leading?: number }

/** Draws wrapped text with its top at `top`; returns the y just below it. */
export function drawText(page: PDFPage, text: string, box: { x: number; top: number; width: number }, style: TextStyle): number {
  const leading = style.leading ?? style.size * 1.4;
  const lines = wrap(text, style.font, style.size, box.width);
  lines.forEach((line, i) => {
    const w = measure(line, style.font, style.size);
    const x = style.align === 'center' ? box.x + (box.width - w) / 2 : style.align === 'right' ? box.x + box.width - w : box.x;
    page.drawText(line, { x, y: box.top - style.size - i * leading, size: style.size, font: style.font, color: style.color ?? INK });
  });
  return box.top - lines.length * leading;
}

/** Height that `drawText` would take. */
export function textHeight(text: string, width: number, style: TextStyle): number {
  const leading = style.leading ?? style.size * 1.4;
  return wrap(text, style.font, style.size, width).length * leading;
}
