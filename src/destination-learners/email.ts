import isEmailModule from "validator/lib/isEmail.js";
import {
  CONTROL_CHARACTERS,
  characterPattern,
  FORMAT_CHARACTERS,
  LINE_SEPARATORS,
} from "../shared/invisible-characters.js";

// validator is CommonJS: its module object is the function, and also carries it as `default`, which is how
// TypeScript sees a CommonJS default export from ES modules.
const isEmail = isEmailModule.default;

export type EmailCheck =
  { readonly ok: true; readonly email: string } | { readonly ok: false; readonly reason: string };

const CONTROL = characterPattern([CONTROL_CHARACTERS]);
// Format characters are invisible, so an address holding one is not the address a person reads.
const FORMAT = characterPattern([FORMAT_CHARACTERS]);
const WHITESPACE = /[\s\p{Z}]/u;
// Markup and quoting: a quoted local part ("jane doe"@…) is RFC 5321 but no LMS takes it. The apostrophe is not
// here: real addresses carry one (o'brien@…) and every platform accepts it.
const MARKUP = /[<>"`\\]/;

const LOCAL_MAX = 64;
const ADDRESS_MAX = 254;
/** A DNS label (between two dots of the domain) has at most 63 characters (RFC 1035 §2.3.4). */
const LABEL_MAX = 63;

const codePoint = (char: string): string =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

// RFC 5321 limits are in octets: an accented local part reaches 64 sooner than its length says.
const octets = (text: string): number => Buffer.byteLength(text, "utf8");

/** Why `email` is not an address a learning platform takes, or null. Checked most telling first. */
function problem(email: string): string | null {
  const control = CONTROL.exec(email)?.[0];
  if (control !== undefined) return `it contains the control character ${codePoint(control)}`;
  const format = FORMAT.exec(email)?.[0];
  if (format !== undefined) return `it contains the invisible formatting character ${codePoint(format)}`;
  if (WHITESPACE.test(email)) return "it contains whitespace";
  const markup = MARKUP.exec(email)?.[0];
  if (markup !== undefined) return `it contains '${markup}' (markup and quotes are not allowed)`;
  const parts = email.split("@");
  if (parts.length === 1) return "it has no @";
  if (parts.length > 2) return "it has more than one @";
  const [local = "", domain = ""] = parts;
  if (octets(email) > ADDRESS_MAX) return `it is longer than ${ADDRESS_MAX} characters`;
  if (octets(local) > LOCAL_MAX)
    return `its local part (before the @) is longer than ${LOCAL_MAX} characters`;
  if (domain !== "" && !domain.includes(".")) return `its domain '${domain}' has no dot`;
  if (domain.split(".").some((label) => label.length > LABEL_MAX))
    return `a label of its domain is longer than ${LABEL_MAX} characters`;
  const valid = isEmail(email, {
    allow_display_name: false,
    require_tld: true,
    allow_ip_domain: false,
    // The lengths (address, local part, domain labels) are checked above with a reason each, in less time.
    ignore_max_length: true,
  });
  return valid ? null : "it is not a valid address";
}

/**
 * A work email as every target can hold it: trimmed and lower-cased (the safe normalisations; matching is
 * case-insensitive anyway), or the reason it is not an address, quoting it with its invisible characters spelled
 * out so the reason itself is safe to print.
 */
export function checkEmail(raw: string): EmailCheck {
  const email = raw.trim().toLowerCase();
  const why = problem(email);
  return why === null
    ? { ok: true, email }
    : { ok: false, reason: `email '${visible(raw.trim())}' is not an address: ${why}` };
}

const INVISIBLE = characterPattern([CONTROL_CHARACTERS, FORMAT_CHARACTERS, LINE_SEPARATORS], "gu");
const QUOTE_MAX = 80;

/** `text` for a message: control and invisible characters as `\uXXXX`, at most QUOTE_MAX characters. */
export function visible(text: string): string {
  const chars = Array.from(text);
  const clipped = chars.length > QUOTE_MAX ? `${chars.slice(0, QUOTE_MAX - 1).join("")}…` : text;
  return clipped.replace(INVISIBLE, (char) => {
    const hex = codePoint(char).slice(2);
    return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex}`;
  });
}
