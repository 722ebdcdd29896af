import type { Translator } from '../../../platform/i18n/i18n.ts';
import type { FormField } from './form-model.ts';

/**
 * The variables a message needs to name a field in a sentence: the label without its trailing
 * "(m²)", an English noun phrase ("the total floor area"), whether the label reads as a question
 * or a sentence (then it is quoted), and whether its last Korean syllable has a final consonant
 * (to pick 을/를, 은/는, 이/가).
 */
export interface FieldWords { [key: string]: string; label: string; form: 'noun' | 'sentence'; thing: string; Thing: string; batchim: string }

export function fieldWords(tr: Translator, field: FormField): FieldWords {
  const label = shortLabel(tr.text(field.label));
  const sentence = /[?？]$/.test(label) || SENTENCE_START.test(label) || /(요|다|니까)[.]?$/.test(label);
  return {
    label,
    form: sentence ? 'sentence' : 'noun',
    thing: sentence ? label : nounPhrase(label),
    Thing: sentence ? label : capitalise(nounPhrase(label)),
    batchim: finalConsonant(label),
  };
}

const SENTENCE_START = /^(I|Tell|Describe|Show|Issue|Also|Include|How|What|When|Where|Which|Who|Whose|Why|Do|Does|Did|Are|Is|Was|Were|Will|Would|Can|Have|Has)\b/;
const DETERMINER = /^(the|a|an|your|their|his|her|its|our|my|that|this|these|those|any)\b/i;

/** "Total floor area (m²)" → "Total floor area"; a label that is only a parenthesis stays whole. */
export function shortLabel(label: string): string {
  const short = label.replace(/\s*[(（][^()（）]*[)）]\s*$/u, '').trim();
  return short || label.trim();
}

function nounPhrase(label: string): string {
  const first = label.split(/\s/)[0] ?? '';
  const keepCase = first.length > 1 && first === first.toUpperCase() && /[A-Z]/.test(first);
  const lowered = keepCase ? label : label.charAt(0).toLowerCase() + label.slice(1);
  if (!/^[A-Za-z]/.test(label)) return label;
  return DETERMINER.test(label) ? lowered : `the ${lowered}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "yes" when the last Hangul syllable ends in a consonant, "no" when it does not, "unknown" for anything else. */
export function finalConsonant(text: string): 'yes' | 'no' | 'unknown' {
  const last = text.replace(/[\s'"‘’“”.,!?)\]]+$/u, '').at(-1);
  if (!last) return 'unknown';
  const code = last.charCodeAt(0);
  if (code < 0xac00 || code > 0xd7a3) return 'unknown';
  return (code - 0xac00) % 28 === 0 ? 'no' : 'yes';
}
