import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { Languages } from '../language-texts.ts';

type Text = Record<string, string>;

/** A text in the viewer's language, or the pack's default one, marked with the language it is in for screen readers. */
export function Said({ tr, text, languages }: { tr: Translator; text: Text; languages: Languages }): JSX.Element {
  const language = text[tr.locale] ? tr.locale : languages.fallback;
  return <p lang={language} safe>{text[language] ?? tr.text(text)}</p>;
}
