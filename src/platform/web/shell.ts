import type { Text, Translator } from '../i18n/i18n.ts';

export type TextSize = 'normal' | 'large' | 'x-large';
export type Contrast = 'normal' | 'high';

export interface Preferences { textSize: TextSize; contrast: Contrast }

/** What the shell shows around every page, decided once per request. */
export interface Shell {
  tr: Translator;
  countryName: Text;
  emblem: string | undefined;
  locales: string[];
  prefs: Preferences;
  csrfToken: string;
  /** The path and query of this page, where a preference change returns to. */
  here: string;
  staff: { name: string } | null;
  resident: { name: string; unread: number; actingFor?: boolean } | null;
}

/** Static information the kernel needs from the country pack, given at start. */
export interface ShellSettings {
  countryName: Text;
  emblem?: string;
  defaultLocale: string;
  locales: string[];
  /** The country's time zone: every time a page shows is in it. */
  timeZone: string;
}
