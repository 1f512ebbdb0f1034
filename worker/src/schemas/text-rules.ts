// Rules for text and timestamps that the database would refuse or a reader would misread. No
// imports: the browser bundle validates with the same rules.

// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what follows them;
// zero-width spaces, word joiners, the BOM and the Mongolian vowel separator are invisible. Either
// can make a name or title read as something it is not. ZWJ and ZWNJ stay: emoji and scripts such
// as Persian need them.
const deceptive = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\u180E]/u;

/** Whether `text` holds characters that reorder or hide what a reader sees. */
export const hasDeceptiveCharacters = (text: string) => deceptive.test(text);

/** The message for a field that does. */
export const deceptiveMessage = (field: string) => `${field} cannot contain invisible or direction-changing characters`;

const isoTimestamp = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Whether an ISO 8601 timestamp names a real instant PostgreSQL can store: year 0001–9999, a day
 * the month has, hours 0–23, minutes and seconds 0–59, an offset within ±23:59. `2026-02-30`,
 * `25:61:61` and year 0000 (which PostgreSQL refuses) are not.
 */
export function isRealTimestamp(text: string): boolean {
  const m = isoTimestamp.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [offsetHours, offsetMinutes] = [Number(m[7] ?? 0), Number(m[8] ?? 0)];
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}
