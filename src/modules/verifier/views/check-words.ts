import type { Translator } from '../../../platform/i18n/i18n.ts';
import { ageOfCheck } from '../checks.ts';

/** A check's name in the page's language: an age check says its age ("Age 19 or over"), the others have their own words. */
export function checkTitle(tr: Translator, id: string): string {
  const age = ageOfCheck(id);
  return age === undefined ? tr.t(`verifier.check.${id}`) : tr.t('verifier.check.ageOver', { age });
}

/** The answer's heading: yes or no with the age for an age check, "verified" or "not verified" for the others. */
export function answerTitle(tr: Translator, id: string, passed: boolean): string {
  const age = ageOfCheck(id);
  if (age === undefined) return tr.t(passed ? 'verifier.counter.verified' : 'verifier.counter.refused');
  return tr.t(passed ? 'verifier.counter.yes.ageOver' : 'verifier.counter.no.ageOver', { age });
}
