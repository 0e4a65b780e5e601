// Values that never change for an employee (birthday, hobbies, home address...) are derived on demand from the
// company seed and the employee's index instead of being stored: that keeps 100k employees small in memory.

import { addDays } from "./dates.js";
import { foldForEmail } from "./identity.js";
import type { Employee } from "./model.js";
import { at, createRandom } from "./prng.js";
import type { Site } from "./vocabulary.js";
import {
  FOOD_PREFERENCES,
  GENDERS,
  HOBBIES,
  LANGUAGES,
  LOCALE_LANGUAGE,
  SHIRT_SIZES,
  SUPERPOWERS,
} from "./vocabulary.js";

export interface Profile {
  birthDate: string;
  gender: string;
  honorific: string | null;
  pronouns: string | null;
  nationality: readonly string[];
  privateEmail: string | null;
  hobbies: readonly string[];
  superpowers: readonly string[];
  foodPreferences: readonly string[];
  about: string | null;
  linkedin: string | null;
  numberOfKids: number | null;
  shirtSize: string | null;
  languages: readonly string[];
  address: {
    line1: string;
    line2: string | null;
    city: string;
    postCode: string;
    country: string;
    usaState: string | null;
  };
}

function sample(
  rng: ReturnType<typeof createRandom>,
  items: readonly (readonly [string, string])[],
  max: number,
) {
  const count = rng.int(0, max);
  const picked = new Set<string>();
  for (let i = 0; i < count; i++) picked.add(rng.pick(items)[0]);
  return [...picked];
}

export function profileOf(seed: number, e: Employee, site: Site): Profile {
  const rng = createRandom((Math.imul(seed, 2_654_435_761) ^ Math.imul(e.index + 1, 40_503)) >>> 0);
  const gender = rng.weighted([
    [at(GENDERS, 0)[0], 48],
    [at(GENDERS, 1)[0], 48],
    [at(GENDERS, 2)[0], 2],
    [at(GENDERS, 3)[0], 2],
  ] as const);
  const honorific = rng.chance(0.7)
    ? gender === "Female"
      ? rng.pick(["Ms", "Mrs", "Dr"])
      : gender === "Male"
        ? rng.pick(["Mr", "Mr", "Dr"])
        : "Mx"
    : null;
  const pronouns = rng.chance(0.4)
    ? gender === "Female"
      ? "She / Her"
      : gender === "Male"
        ? "He / Him"
        : "They / Them"
    : null;
  const birthDate = addDays(e.startDate, -rng.int(19 * 365, 55 * 365));
  const digits: number[] = [];
  for (let i = 0; i < 8; i++) digits.push(rng.int(0, 9));
  const first = foldForEmail(e.firstName) || "me";
  const homeLanguage = at(LOCALE_LANGUAGE, e.locale);
  const languages = new Set([homeLanguage]);
  if (rng.chance(0.6)) languages.add("261460001");
  if (rng.chance(0.15)) languages.add(rng.pick(LANGUAGES)[0]);
  return {
    birthDate,
    gender,
    honorific,
    pronouns,
    nationality: [
      rng.chance(0.85) ? site.country : rng.pick(["US", "GB", "FR", "DE", "IL", "PL", "BR", "IN", "ES"]),
    ],
    privateEmail: rng.chance(0.6)
      ? `${first}${rng.int(1, 999)}@${rng.pick(["gmail.com", "outlook.com", "proton.me"])}`
      : null,
    hobbies: sample(rng, HOBBIES, 3),
    superpowers: sample(rng, SUPERPOWERS, 2),
    foodPreferences: sample(rng, FOOD_PREFERENCES, 1),
    about: rng.chance(0.3)
      ? `Hi, I'm ${e.preferredName ?? e.firstName}. Ask me about ${rng.pick(HOBBIES)[1].toLowerCase()}.`
      : null,
    linkedin: rng.chance(0.35) ? `https://www.linkedin.com/in/${first}-${rng.int(1000, 99999)}` : null,
    numberOfKids: rng.chance(0.7)
      ? rng.weighted([
          [0, 5],
          [1, 3],
          [2, 3],
          [3, 1],
        ] as const)
      : null,
    shirtSize: rng.chance(0.8) ? rng.pick(SHIRT_SIZES)[0] : null,
    languages: [...languages],
    address: {
      line1: `${rng.int(1, 240)} ${rng.pick(site.streets)}`,
      line2: rng.chance(0.2) ? `Apt ${rng.int(1, 80)}` : null,
      city: site.city,
      postCode: site.postCode(digits),
      country: site.country,
      usaState: site.usaState,
    },
  };
}
