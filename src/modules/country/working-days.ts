import type { Country } from '../packs/index.ts';

/** The working calendar of a country pack: which week days are off, and its public holidays. */
export type WorkingCalendar = Pick<Country, 'weekend' | 'holidays'>;

/** Saturday and Sunday, as `Date.getUTCDay()` numbers them, where a pack names no weekend. */
const DEFAULT_WEEKEND = [6, 0];

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function isWorkingDay(calendar: WorkingCalendar, day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return !(calendar.weekend ?? DEFAULT_WEEKEND).includes(weekday) && !(calendar.holidays ?? []).some((h) => h.date === day);
}

/**
 * The calendar day `days` working days after `from` (YYYY-MM-DD): `from` itself does not count,
 * weekends and the pack's public holidays are skipped; 0 days is `from`.
 */
export function addWorkingDays(calendar: WorkingCalendar, from: string, days: number): string {
  let day = from;
  for (let counted = 0; counted < days;) {
    day = nextDay(day);
    if (isWorkingDay(calendar, day)) counted++;
  }
  return day;
}
