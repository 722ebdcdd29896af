import type { FormProblem } from './form-problems.ts';

type Text = Record<string, string>;

/** The pack's languages: a text must be written in the default one; the others fall back to it. */
export interface Languages { all: readonly string[]; fallback: string }

/** The field of `name` in one language: `title-ko`, `body-en`. */
export const fieldOf = (name: string, language: string) => `${name}-${language}`;

/** One text per language from a form's `<name>-<language>` fields, trimmed; languages left empty are left out. */
export function textsFrom(body: Record<string, unknown>, name: string, languages: Languages): Text {
  const text: Text = {};
  for (const language of languages.all) {
    const typed = body[fieldOf(name, language)];
    if (typeof typed === 'string' && typed.trim()) text[language] = typed.trim();
  }
  return text;
}

/** What is wrong with a text: missing in the default language, or too long in any. */
export function checkText(text: Text, name: string, languages: Languages, max: number): FormProblem[] {
  const problems: FormProblem[] = [];
  if (!text[languages.fallback]) problems.push({ field: fieldOf(name, languages.fallback), code: 'required', language: languages.fallback });
  for (const [language, value] of Object.entries(text)) {
    if (value.length > max) problems.push({ field: fieldOf(name, language), code: 'too_long', language, max });
  }
  return problems;
}
