/**
 * Each language's name for itself, as the language chooser on every page shows it. The web fonts'
 * Latin file carries these letters too (scripts/fonts.mjs), so an English page that offers "한국어"
 * downloads no Hangul font for it.
 */
export const LOCALE_NAMES: Readonly<Record<string, string>> = {
  ko: '한국어', en: 'English', es: 'Español', ar: 'العربية', id: 'Bahasa Indonesia', pt: 'Português',
};
