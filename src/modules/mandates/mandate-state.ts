import { calendarDayIn } from '../../platform/i18n/time.ts';
import type { Mandate } from './store.ts';

export type MandateState = 'active' | 'upcoming' | 'expired' | 'revoked' | 'declined';

/** Today's date (YYYY-MM-DD) in the country's time zone: a mandate runs whole calendar days there. */
export function todayIn(timeZone: string, now = new Date()): string {
  return calendarDayIn(timeZone, now);
}

export function stateOf(m: Pick<Mandate, 'revoked_at' | 'declined_at' | 'valid_from' | 'valid_until'>, today: string): MandateState {
  if (m.revoked_at) return 'revoked';
  if (m.declined_at) return 'declined';
  if (today < m.valid_from) return 'upcoming';
  if (today > m.valid_until) return 'expired';
  return 'active';
}
