import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';

// The web fonts (scripts/fonts.mjs): committed, and exactly what the script makes from krds-uiux now.
// @ts-expect-error: a plain JavaScript script without types
const fonts = await import('../scripts/fonts.mjs') as {
  ASSETS: string; WEIGHTS: Record<string, string>;
  staleWebFonts(): Promise<string[]>; charactersShown(): Set<number>; ksx1001Syllables(): number[]; hangulOnOtherPages(): Set<number>;
};

const HANGUL_SYLLABLE = (cp: number) => cp >= 0xac00 && cp <= 0xd7a3;
const charactersOf = (name: string) => new Set(fontkit.create(fs.readFileSync(path.join(fonts.ASSETS, name))).characterSet);

describe('the web fonts', () => {
  it('are what `npm run fonts` makes from the pinned sources, byte for byte, with their rules in hanaro.css', async () => {
    assert.deepEqual(await fonts.staleWebFonts(), []);
  });

  for (const weight of Object.keys(fonts.WEIGHTS)) {
    it(`weight ${weight}: the Hangul file has KS X 1001's 2,350 syllables and every Hangul letter a message or the demo pack shows`, () => {
      const hangul = charactersOf(`pretendard-gov-${weight}-hangul.woff2`);
      const latin = charactersOf(`pretendard-gov-${weight}-latin.woff2`);
      const common = fonts.ksx1001Syllables();
      assert.equal(common.length, 2350);
      // "한국어" of the language chooser and the "등본" of an English hint are in the Latin file, so an English page needs no Hangul file for them.
      const missing = [...new Set([...common, ...fonts.charactersShown()])].filter((cp) => HANGUL_SYLLABLE(cp) && !hangul.has(cp) && !latin.has(cp));
      assert.deepEqual(missing.map((cp) => String.fromCodePoint(cp)), []);
      assert.deepEqual([...latin].filter(HANGUL_SYLLABLE).sort(), [...fonts.hangulOnOtherPages()].sort());
      for (const c of '한국어등본') assert.ok(latin.has(c.codePointAt(0)!), `the Latin file has ${c}`);
      for (const c of 'Aa0€₩→–“') assert.ok(latin.has(c.codePointAt(0)!), `the Latin file has ${c}`);
      for (const part of ['latin', 'hangul']) {
        const { name } = fontkit.create(fs.readFileSync(path.join(fonts.ASSETS, `pretendard-gov-${weight}-${part}.woff2`))) as unknown as { name: { records: { license?: { en?: string } } } };
        assert.match(name.records.license?.en ?? '', /SIL Open Font License/, `${part}: the OFL travels in the file`);
      }
    });
  }
});
