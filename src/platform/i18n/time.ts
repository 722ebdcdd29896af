/**
 * Every date and time a person reads, in one place: in the country's time zone (the pack's), in
 * the reader's language. Views call `tr.when` / `tr.day`; nothing else builds a DateTimeFormat
 * for display.
 */
export type TimeStyle = 'date' | 'longDate' | 'dateTime' | 'longDateTime' | 'dateTimeSeconds' | 'time' | 'clock';

const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  longDate: { dateStyle: 'long' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  longDateTime: { dateStyle: 'long', timeStyle: 'short' },
  dateTimeSeconds: { dateStyle: 'medium', timeStyle: 'medium' },
  time: { timeStyle: 'short' },
  // A chart's axis: 24-hour, two digits.
  clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

// Building a DateTimeFormat costs far more than formatting with one: once per locale, zone and style.
const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as a person reads it in `timeZone`. */
export function formatInstant(at: Date, style: TimeStyle, locale: string, timeZone: string): string {
  const key = `${locale} ${timeZone} ${style}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...STYLES[style], timeZone });
    formats.set(key, format);
  }
  return format.format(at);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat[]>();

/**
 * The time zone a typed time is read in, as a person names it ("Korean Standard Time", "한국 표준시")
 * and by its offset from UTC at `at` ("GMT+09:00"): a form with a date and time field says it.
 */
export function zoneNameOf(locale: string, timeZone: string, at: Date): { name: string; offset: string } {
  const key = `${locale} ${timeZone}`;
  let pair = zoneFormats.get(key);
  if (!pair) {
    pair = (['longGeneric', 'longOffset'] as const).map((timeZoneName) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName }));
    zoneFormats.set(key, pair);
  }
  const [name, offset] = pair.map((f) => f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone) as [string, string];
  return { name, offset };
}

/** A calendar day ("2020-03-01", a date of birth) names a day, not an instant: the same day in every zone. */
export function formatCalendarDay(day: string, style: 'date' | 'longDate', locale: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? day : formatInstant(at, style, locale, 'UTC');
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) that `at` falls on in `timeZone`: "today" where the service is given. */
export function calendarDayIn(timeZone: string, at: Date): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}
