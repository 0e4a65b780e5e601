/** Calendar arithmetic on `YYYY-MM-DD` strings in UTC, so no local time zone can shift a day. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined)
    throw new RangeError(`bad date ${date}`);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
