import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';

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

export async function embedFonts(pdf: PDFDocument): Promise<Fonts> {
  pdf.registerFontkit(fontkit);
  return { regular: await pdf.embedFont(fontBytes.regular, { subset: true }), bold: await pdf.embedFont(fontBytes.bold, { subset: true }) };
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
