import type { AnyDb } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Country } from '../packs/index.ts';
import { idNumberProblem } from '../packs/index.ts';
import { matchResident } from '../residents/index.ts';
import { hashPassword } from './password.ts';
import { MAX_PASSWORD_LENGTH, problemWithNewPassword } from './password-policy.ts';
import { proveSignIn } from './resident-sessions.ts';
import type { SessionPolicy } from './staff-sessions.ts';
import * as store from './store.ts';

export interface SignUpInput {
  idNumber: string; name: string; birthDate: string; email: string; password: string; passwordAgain: string; locale: string;
}

/** What is wrong, per field (a message key suffix), or for the whole form under `form`. */
export type SignUpProblems = Partial<Record<keyof SignUpInput | 'form', string>>;

export type SignUpResult = { ok: true; token: string } | { ok: false; problems: SignUpProblems };

/** A real day in YYYY-MM-DD: 1990-02-30 is not one, though Date.parse accepts it. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** The longest answer each field takes; the form's `maxlength`, checked here again. */
export const SIGN_UP_LIMITS = { idNumber: 20, name: 100, email: 320, password: MAX_PASSWORD_LENGTH } as const;

export async function checkSignUpInput(input: SignUpInput, idRule: Country['idNumber']): Promise<SignUpProblems> {
  const p: SignUpProblems = {};
  const idProblem = input.idNumber ? idNumberProblem(input.idNumber, idRule) : 'missing';
  if (idProblem) p.idNumber = idProblem === 'format' ? 'invalid' : idProblem;
  if (!input.name) p.name = 'missing';
  else if (input.name.length > SIGN_UP_LIMITS.name) p.name = 'too_long';
  if (!input.birthDate) p.birthDate = 'missing';
  else if (!isCalendarDate(input.birthDate)) p.birthDate = 'invalid';
  if (input.email && (input.email.length > SIGN_UP_LIMITS.email || !EMAIL.test(input.email))) p.email = 'invalid';
  const personal = [input.name, input.idNumber, input.idNumber.replace(/\D/g, ''), input.birthDate, input.birthDate.replaceAll('-', ''), input.email.split('@')[0] ?? ''];
  const problem = input.password ? await problemWithNewPassword(input.password, personal.filter(Boolean)) : 'missing';
  if (problem) p.password = problem;
  else if (input.password !== input.passwordAgain) p.passwordAgain = 'different';
  return p;
}

/**
 * Opens an account for a resident of the registry who proves who they are with their ID number,
 * name and date of birth, and signs them in. One account per resident, ever.
 */
export async function signUpResident(conn: AnyDb, input: SignUpInput, ctx: { idRule: Country['idNumber']; policy: SessionPolicy; userAgent?: string; requestId: string }): Promise<SignUpResult> {
  const problems = await checkSignUpInput(input, ctx.idRule);
  if (Object.keys(problems).length) return { ok: false, problems };
  const resident = await matchResident(conn, input);
  if (!resident) return { ok: false, problems: { form: 'not_matched' } };
  if (await store.findResidentAccount(conn, { residentId: resident.id })) return { ok: false, problems: { form: 'already_registered' } };
  const passwordHash = await hashPassword(input.password);
  try {
    return await conn.transaction().execute(async (trx) => {
      const accountId = await store.insertResidentAccount(trx, { resident_id: resident.id, email: input.email || null, locale: input.locale, password_hash: passwordHash });
      const who = { actor: `resident:${resident.id}`, requestId: ctx.requestId };
      await recordAudit(trx, who, { action: 'resident.account_created', target: `resident:${resident.id}`, details: { email: Boolean(input.email) } });
      const account = (await store.findResidentAccount(trx, { id: accountId }))!;
      const { token } = await proveSignIn(trx, account, { assurance: 'low', method: 'password', requestId: ctx.requestId });
      return { ok: true as const, token };
    });
  } catch (err) {
    // Two sign-ups for the same person at once: the unique key lets exactly one through.
    if ((err as { code?: string }).code === '23505') return { ok: false, problems: { form: 'already_registered' } };
    throw err;
  }
}
