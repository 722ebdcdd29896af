import { IntlMessageFormat } from 'intl-messageformat';
import { escapeHtml } from '@kitajs/html';
import fs from 'node:fs';
import path from 'node:path';
import { formatCalendarDay, formatInstant, type TimeStyle } from './time.ts';

/** A text from a country pack: one string per language. */
export type Text = Record<string, string>;

/**
 * The kernel's messages plus each module's own `messages/<locale>.json`, so a module owns its
 * words the way it owns its tables. A key defined twice is a mistake and stops the start.
 */
function loadCatalogs(): Record<string, Record<string, string>> {
  const dirs = [path.join(import.meta.dirname, 'messages')];
  const modules = path.join(import.meta.dirname, '..', '..', 'modules');
  for (const name of fs.readdirSync(modules).sort()) {
    const dir = path.join(modules, name, 'messages');
    if (fs.existsSync(dir)) dirs.push(dir);
  }
  const catalogs: Record<string, Record<string, string>> = {};
  for (const dir of dirs) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const locale = path.basename(file, '.json');
      const messages = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, string>;
      const catalog = (catalogs[locale] ??= {});
      for (const [key, value] of Object.entries(messages)) {
        if (key in catalog) throw new Error(`Message "${key}" (${locale}) is defined twice; the second is in ${dir}.`);
        catalog[key] = value;
      }
    }
  }
  return catalogs;
}

const catalogs = loadCatalogs();
const english: Record<string, string> = catalogs.en ?? {};

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
  /** The zone every time is shown in: the country's. */
  timeZone: string;
  /** An instant in this locale and the country's time zone ("Jan 6, 2027, 3:44 PM"); none is ''. */
  when(at: Date | null, style?: TimeStyle): string;
  /** A calendar day (YYYY-MM-DD) in this locale, the same day in every zone. */
  day(day: string, style?: 'date' | 'longDate'): string;
}

const RTL = new Set(['ar', 'he', 'fa', 'ur']);
const compiled = new Map<string, IntlMessageFormat>();

export function translator(locale: string, fallbackLocale: string, timeZone: string): Translator {
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
    timeZone,
    when: (at, style = 'date') => (at ? formatInstant(at, style, locale, timeZone) : ''),
    day: (day, style = 'date') => formatCalendarDay(day, style, locale),
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
