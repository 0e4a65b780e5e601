/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds (`120`) or an HTTP-date in any of the three forms a recipient
 * must accept (§5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, obsolete RFC 850 `Sunday, 06-Nov-94
 * 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`. The answer is the wait in ms, or undefined for "no hint":
 * absent, unreadable (`-5`, `1.5`, `soon`) or a date already past (the server's clock is off; backoff decides).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const at = parseHttpDate(text, nowMs);
  if (at === undefined || at < nowMs) return undefined;
  return at - nowMs;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = MONTHS.join("|");
const DAY = "Mon|Tue|Wed|Thu|Fri|Sat|Sun";
const LONG_DAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;

const IMF_FIXDATE = new RegExp(String.raw`^(?:${DAY}), (\d{2}) (${MONTH}) (\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(String.raw`^(?:${LONG_DAY}), (\d{2})-(${MONTH})-(\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(String.raw`^(?:${DAY}) (${MONTH}) ( \d|\d{2}) ${TIME} (\d{4})$`);

/** Epoch ms of an HTTP-date, or undefined when `text` is none (or names a day that does not exist). */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match !== null) {
    const [, day, month, year, hh, mm, ss] = match;
    return utc(Number(year), month, Number(day), hh, mm, ss);
  }
  match = RFC_850.exec(text);
  if (match !== null) {
    const [, day, month, yy, hh, mm, ss] = match;
    return utc(fullYear(Number(yy), nowMs), month, Number(day), hh, mm, ss);
  }
  match = ASCTIME.exec(text);
  if (match !== null) {
    const [, month, day, hh, mm, ss, year] = match;
    return utc(Number(year), month, Number(day), hh, mm, ss);
  }
  return undefined;
}

/** RFC 9110 §5.6.7: a two-digit year more than 50 years ahead is the latest past year with those digits. */
function fullYear(yy: number, nowMs: number): number {
  const current = new Date(nowMs).getUTCFullYear();
  const candidate = Math.floor(current / 100) * 100 + yy;
  return candidate > current + 50 ? candidate - 100 : candidate;
}

function utc(
  year: number,
  monthName: string | undefined,
  day: number,
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
): number | undefined {
  const month = MONTHS.indexOf(monthName ?? "");
  const [hours, minutes, seconds] = [Number(hh), Number(mm), Number(ss)];
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const at = Date.UTC(year, month, day, hours, minutes, Math.min(seconds, 59));
  // Date.UTC rolls 31 Feb over into March; such a date is garbage, not a hint.
  return new Date(at).getUTCDate() === day ? at : undefined;
}
