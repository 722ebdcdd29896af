import type { Country } from './pack.ts';

type IdNumberRule = Country['idNumber'];

/** Checks an ID number's shape and check digit the way the country's pack defines them. */
export function isValidIdNumber(value: string, rule: IdNumberRule): boolean {
  return idNumberProblem(value, rule) === undefined;
}

/**
 * What is wrong with an ID number: its shape (`format`: digits or hyphen missing) or, shaped
 * right, a digit mistyped (`check_digit`), so the person is told which.
 */
export function idNumberProblem(value: string, rule: IdNumberRule): 'format' | 'check_digit' | undefined {
  if (!new RegExp(rule.pattern, 'u').test(value)) return 'format';
  const digits = [...value.replace(/\D/g, '')].map(Number);
  const { algorithm, weights = [] } = rule.checkDigit;
  if (algorithm === 'none') return undefined;
  const check = digits.at(-1);
  const body = digits.slice(0, -1);
  const expected = algorithm === 'luhn' ? luhnCheckDigit(body) : weightedMod11CheckDigit(body, weights);
  return check !== undefined && expected === check ? undefined : 'check_digit';
}

export function weightedMod11CheckDigit(body: number[], weights: number[]): number | undefined {
  if (body.length !== weights.length) return undefined;
  const sum = body.reduce((acc, d, i) => acc + d * weights[i]!, 0);
  return (11 - (sum % 11)) % 10;
}

export function luhnCheckDigit(body: number[]): number {
  const sum = body.toReversed().reduce((acc, d, i) => {
    const doubled = i % 2 === 0 ? d * 2 : d;
    return acc + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return (10 - (sum % 10)) % 10;
}
