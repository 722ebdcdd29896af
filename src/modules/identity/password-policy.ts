import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

// The word lists (0.5 MB of code, ~100 ms to unpack) are loaded by the first password checked, not at start.
let strength: Promise<ZxcvbnFactory> | undefined;
const checker = () => strength ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')])
  .then(([{ ZxcvbnFactory }, common]) => new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

export type PasswordProblem = 'too_short' | 'too_long' | 'too_easy';

/**
 * Length plus a guessability check against lists of common passwords and the person's own
 * details (name, birth date, ID number), which attackers try first.
 */
export async function problemWithNewPassword(password: string, personal: string[]): Promise<PasswordProblem | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  return (await checker()).check(password, personal).score < 3 ? 'too_easy' : null;
}
