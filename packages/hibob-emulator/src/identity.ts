// Who someone is: 19-digit ids, unicode names, unique emails and phone numbers. Shared by the generator and
// by the "a day passes" mutations so a hire made later looks like one generated at start.

import type { Company } from "./model.js";
import type { Random } from "./prng.js";
import { at } from "./prng.js";
import type { Site } from "./vocabulary.js";
import { LOCALES } from "./names.js";

/** A fresh 19-digit id string ("3987598587553907167"); unique within the company. */
export function newEmployeeId(company: Company, rng: Random): string {
  for (;;) {
    const id = `3${String(rng.int(100_000_000, 999_999_999))}${String(rng.int(0, 999_999_999)).padStart(9, "0")}`;
    if (!company.byId.has(id)) return id;
  }
}

export interface Name {
  locale: number;
  firstName: string;
  surname: string;
}

export function pickName(site: Site, rng: Random): Name {
  const locale = rng.pick(site.locales);
  const pool = at(LOCALES, locale);
  return { locale, firstName: rng.pick(pool.firstNames), surname: rng.pick(pool.surnames) };
}

const SPECIAL_LETTERS: Record<string, string> = {
  ł: "l",
  Ł: "l",
  ø: "o",
  Ø: "o",
  ß: "ss",
  æ: "ae",
  Æ: "ae",
  đ: "d",
  ı: "i",
  ð: "d",
  þ: "th",
};

/** ASCII-folds a name for an email local part: "Łukasz" → "lukasz", "O'Connor" → "oconnor"; kanji folds to "". */
export function foldForEmail(name: string): string {
  return name
    .replace(/[łŁøØßæÆđıðþ]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

/**
 * first.last@domain, made unique with a number. A few keep capitals ("Anna.Kowalska@..."), as real directories
 * do, so consumers that compare emails must normalise case.
 */
export function uniqueEmail(company: Company, name: Name, fallback: string, rng: Random): string {
  const first = foldForEmail(name.firstName);
  const last = foldForEmail(name.surname);
  let local = first && last ? `${first}.${last}` : first || last || fallback;
  if (rng.chance(0.01) && first && last) {
    local = `${first.charAt(0).toUpperCase()}${first.slice(1)}.${last.charAt(0).toUpperCase()}${last.slice(1)}`;
  }
  // Remember the last suffix per local part: probing 2, 3, 4... from scratch is quadratic in a 100k company.
  let suffixes = SUFFIXES.get(company);
  if (suffixes === undefined) {
    suffixes = new Map();
    SUFFIXES.set(company, suffixes);
  }
  const key = local.toLowerCase();
  let n = suffixes.get(key) ?? 1;
  let candidate = n === 1 ? `${local}@${company.domain}` : `${local}${n}@${company.domain}`;
  while (company.byEmail.has(candidate.toLowerCase())) {
    n++;
    candidate = `${local}${n}@${company.domain}`;
  }
  suffixes.set(key, n);
  return candidate;
}

const SUFFIXES = new WeakMap<Company, Map<string, number>>();

export function randomPhone(site: Site, rng: Random): string {
  const digits: number[] = [];
  for (let i = 0; i < 10; i++) digits.push(rng.int(0, 9));
  return rng.pick(site.mobileFormats)(digits);
}
