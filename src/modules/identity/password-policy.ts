import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const strength = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

export type PasswordProblem = 'too_short' | 'too_long' | 'too_easy';

/**
 * Length plus a guessability check against lists of common passwords and the person's own
 * details (name, birth date, ID number), which attackers try first.
 */
export function problemWithNewPassword(password: string, personal: string[]): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  return strength.check(password, personal).score < 3 ? 'too_easy' : null;
}
