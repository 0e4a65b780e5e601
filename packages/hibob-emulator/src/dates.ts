// Calendar dates as `YYYY-MM-DD` strings, computed in UTC so a local timezone can never shift a day.

const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && toIsoDate(Date.parse(`${value}T00:00:00Z`)) === value;
}

export function toIsoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

// Interned day strings: a 100k-employee company holds about a million dates, mostly the same few thousand days.
const dayByDate = new Map<string, number>();
const dateByDay = new Map<number, string>();

export function dateToEpoch(date: string): number {
  let day = dayByDate.get(date);
  if (day === undefined) {
    day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
    if (dayByDate.size < 100_000) dayByDate.set(date, day);
  }
  return day * DAY_MS;
}

function dateOfDay(day: number): string {
  let date = dateByDay.get(day);
  if (date === undefined) {
    date = toIsoDate(day * DAY_MS);
    if (dateByDay.size < 100_000) dateByDay.set(day, date);
  }
  return date;
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dateToEpoch(date) / DAY_MS + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToEpoch(to) - dateToEpoch(from)) / DAY_MS);
}

/** Adds calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsToEpoch(epochMs: number, months: number): number {
  const d = new Date(epochMs);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

/** Bob's company date format in human-readable output: DD/MM/YYYY. */
export function humanDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** `MM-DD`, the machine form of short dates (birthdays, work anniversaries). */
export function shortDate(date: string): string {
  return date.slice(5);
}

export interface Period {
  years: number;
  months: number;
  days: number;
}

/** Calendar difference between two dates, as Bob's tenure fields count it. */
export function periodBetween(from: string, to: string): Period {
  if (to < from) return { years: 0, months: 0, days: 0 };
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  let months = Number(to.slice(5, 7)) - Number(from.slice(5, 7));
  let days = Number(to.slice(8, 10)) - Number(from.slice(8, 10));
  if (days < 0) {
    months -= 1;
    const y = Number(to.slice(0, 4));
    // Borrow the length of the month before `to`'s month: day 0 of a month is the last day of the one before.
    days += new Date(Date.UTC(y, Number(to.slice(5, 7)) - 1, 0)).getUTCDate();
  }
  if (months < 0) {
    years -= 1;
    months += 12;
  }
  return { years, months, days };
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** "9 years, 3 months and 8 days", the humanize text of a Bob period. */
export function humanizePeriod(p: Period): string {
  const parts: string[] = [];
  if (p.years > 0) parts.push(plural(p.years, "year"));
  if (p.months > 0) parts.push(plural(p.months, "month"));
  if (p.days > 0 || parts.length === 0) parts.push(plural(p.days, "day"));
  if (parts.length === 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts.slice(-1).join("")}`;
}

export function periodIso(p: Period): string {
  return `P${p.years}Y${p.months}M${p.days}D`;
}

/** `2024-03-27T09:12:25.002884`: Bob timestamps carry microseconds and no timezone. */
export function bobTimestamp(epochMs: number, micros: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  const ms = epochMs - day * DAY_MS;
  const pad = (n: number, width: number): string => String(n).padStart(width, "0");
  const time = `${pad(Math.floor(ms / 3_600_000), 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}`;
  return `${dateOfDay(day)}T${time}.${pad(ms % 1000, 3)}${pad(micros % 1000, 3)}`;
}
