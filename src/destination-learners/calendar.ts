/** Calendar arithmetic on `YYYY-MM-DD` strings in UTC, so no local time zone can shift a day. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined)
    throw new RangeError(`bad date ${date}`);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** True when a `YYYY-MM-DD` string names a day that exists (not 2026-02-30, not 2026-13-01). */
export function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const at = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls an impossible day over into the next month: a date that exists comes back unchanged.
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}
