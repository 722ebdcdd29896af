import { IntlMessageFormat } from 'intl-messageformat';
import { escapeHtml } from '@kitajs/html';
import ko from './messages/ko.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };

/** A text from a country pack: one string per language. */
export type Text = Record<string, string>;

const catalogs: Record<string, Record<string, string>> = { ko, en };
const english: Record<string, string> = en;

export const uiLocales = Object.keys(catalogs);

export interface Translator {
  locale: string;
  /** The interface's own words, by message key (ICU MessageFormat), as plain text for attributes. */
  t(key: string, vars?: Record<string, string | number>): string;
  /** The same words escaped for a page's body, where `vars` may hold what a person typed. */
  h(key: string, vars?: Record<string, string | number>): JSX.Element;
  /** A pack's text in this locale, falling back to the pack's first language. */
  text(value: Text | undefined | null): string;
  /** Left-to-right or right-to-left, for the `dir` attribute. */
  dir: 'ltr' | 'rtl';
}

const RTL = new Set(['ar', 'he', 'fa', 'ur']);
const compiled = new Map<string, IntlMessageFormat>();

export function translator(locale: string, fallbackLocale: string): Translator {
  const catalog = catalogs[locale] ?? catalogs[fallbackLocale] ?? english;
  const t = (key: string, vars?: Record<string, string | number>): string => {
    const source = catalog[key] ?? english[key];
    if (source === undefined) return key;
    const cacheKey = `${locale}\u0000${key}`;
    let message = compiled.get(cacheKey);
    if (!message) {
      message = new IntlMessageFormat(source, locale);
      compiled.set(cacheKey, message);
    }
    return String(message.format(vars));
  };
  return {
    locale,
    dir: RTL.has(locale.split('-')[0]!) ? 'rtl' : 'ltr',
    t,
    h: (key, vars) => escapeHtml(t(key, vars)),
    text(value) {
      if (!value) return '';
      return value[locale] ?? value[fallbackLocale] ?? Object.values(value)[0] ?? '';
    },
  };
}

/** Picks the first language the browser asks for that the platform offers. */
export function negotiateLocale(acceptLanguage: string | undefined, offered: readonly string[]): string | undefined {
  if (!acceptLanguage) return undefined;
  const asked = acceptLanguage.split(',').map((part) => {
    const [tag = '', q] = part.trim().split(';q=');
    return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
  }).filter((x) => x.tag && x.q > 0).sort((a, b) => b.q - a.q);
  for (const { tag } of asked) {
    const hit = offered.find((o) => o === tag || o === tag.split('-')[0]);
    if (hit) return hit;
  }
  return undefined;
}
