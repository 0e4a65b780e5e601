// The company's fixed vocabulary: sites (with phone formats), departments and titles (with Bob-like numeric
// string list item ids) and the small lists behind list fields. Static data only; names are in names.ts.

export type PhoneFormat = (digits: readonly number[]) => string;

const d = (digits: readonly number[], from: number, to: number): string => digits.slice(from, to).join("");

export interface Site {
  /** `work.siteId`: a number; the `site` list item id is its string form. */
  id: number;
  name: string;
  city: string;
  country: string;
  countryName: string;
  usaState: string | null;
  currency: string;
  calendarId: number;
  timezone: string;
  weight: number;
  locales: readonly number[];
  /** Real-world mobile formats for this country, mixed on purpose (clients must normalise). */
  mobileFormats: readonly PhoneFormat[];
  streets: readonly string[];
  postCode: (digits: readonly number[]) => string;
}

export const SITES: readonly Site[] = [
  {
    id: 2606110,
    name: "London",
    city: "London",
    country: "GB",
    countryName: "United Kingdom",
    usaState: null,
    currency: "GBP",
    calendarId: 2657441,
    timezone: "Europe/London",
    weight: 20,
    locales: [0, 0, 0, 9, 1],
    mobileFormats: [
      (x) => `+44 7${d(x, 0, 3)} ${d(x, 3, 9)}`,
      (x) => `07${d(x, 0, 3)} ${d(x, 3, 9)}`,
      (x) => `+447${d(x, 0, 9)}`,
    ],
    streets: ["Baker Street", "Old Street", "Shoreditch High Street", "Euston Road", "King's Road"],
    postCode: (x) => `EC${x[0] ?? 1}A ${x[1] ?? 1}BB`,
  },
  {
    id: 2606111,
    name: "New York",
    city: "New York",
    country: "US",
    countryName: "United States",
    usaState: "NY",
    currency: "USD",
    calendarId: 2657442,
    timezone: "America/New_York",
    weight: 22,
    locales: [1, 1, 1, 0, 6],
    mobileFormats: [
      (x) => `(212) 555-${d(x, 0, 4)}`,
      (x) => `+1 917-555-${d(x, 0, 4)}`,
      (x) => `646.555.${d(x, 0, 4)}`,
      (x) => `+1917555${d(x, 0, 4)}`,
    ],
    streets: ["Broadway", "5th Avenue", "Madison Avenue", "W 42nd Street", "Bleecker Street"],
    postCode: (x) => `100${d(x, 0, 2)}`,
  },
  {
    id: 2606112,
    name: "Tel Aviv",
    city: "Tel Aviv-Yafo",
    country: "IL",
    countryName: "Israel",
    usaState: null,
    currency: "ILS",
    calendarId: 2657443,
    timezone: "Asia/Jerusalem",
    weight: 14,
    locales: [2, 2, 2, 1],
    mobileFormats: [
      (x) => `+972-54-${d(x, 0, 3)}-${d(x, 3, 7)}`,
      (x) => `054-${d(x, 0, 7)}`,
      (x) => `+972 52 ${d(x, 0, 3)} ${d(x, 3, 7)}`,
    ],
    streets: ["Rothschild Blvd", "Dizengoff St", "Ibn Gabirol St", "Allenby St", "HaArba'a St"],
    postCode: (x) => `6${d(x, 0, 6)}`,
  },
  {
    id: 2606113,
    name: "Paris",
    city: "Paris",
    country: "FR",
    countryName: "France",
    usaState: null,
    currency: "EUR",
    calendarId: 2657444,
    timezone: "Europe/Paris",
    weight: 9,
    locales: [3, 3, 3, 9],
    mobileFormats: [
      (x) => `+33 6 ${d(x, 0, 2)} ${d(x, 2, 4)} ${d(x, 4, 6)} ${d(x, 6, 8)}`,
      (x) => `06 ${d(x, 0, 2)} ${d(x, 2, 4)} ${d(x, 4, 6)} ${d(x, 6, 8)}`,
      (x) => `06.${d(x, 0, 2)}.${d(x, 2, 4)}.${d(x, 4, 6)}.${d(x, 6, 8)}`,
    ],
    streets: [
      "Rue de Rivoli",
      "Boulevard Haussmann",
      "Rue Oberkampf",
      "Avenue de l'Opéra",
      "Rue du Faubourg",
    ],
    postCode: (x) => `750${x[0] ?? 1}${x[1] ?? 1}`,
  },
  {
    id: 2606114,
    name: "Berlin",
    city: "Berlin",
    country: "DE",
    countryName: "Germany",
    usaState: null,
    currency: "EUR",
    calendarId: 2657445,
    timezone: "Europe/Berlin",
    weight: 9,
    locales: [4, 4, 4, 5],
    mobileFormats: [
      (x) => `+49 151 ${d(x, 0, 8)}`,
      (x) => `0151 ${d(x, 0, 4)} ${d(x, 4, 8)}`,
      (x) => `+49 (0)170 ${d(x, 0, 7)}`,
    ],
    streets: ["Friedrichstraße", "Torstraße", "Kastanienallee", "Oranienstraße", "Schönhauser Allee"],
    postCode: (x) => `10${d(x, 0, 3)}`,
  },
  {
    id: 2606115,
    name: "Kraków",
    city: "Kraków",
    country: "PL",
    countryName: "Poland",
    usaState: null,
    currency: "PLN",
    calendarId: 2657446,
    timezone: "Europe/Warsaw",
    weight: 8,
    locales: [5, 5, 5, 4],
    mobileFormats: [
      (x) => `+48 ${d(x, 0, 3)} ${d(x, 3, 6)} ${d(x, 6, 9)}`,
      (x) => `${d(x, 0, 3)}-${d(x, 3, 6)}-${d(x, 6, 9)}`,
    ],
    streets: ["ul. Floriańska", "ul. Długa", "ul. Grodzka", "ul. Świętego Tomasza", "ul. Józefa"],
    postCode: (x) => `3${x[0] ?? 1}-${d(x, 1, 4)}`,
  },
  {
    id: 2606116,
    name: "São Paulo",
    city: "São Paulo",
    country: "BR",
    countryName: "Brazil",
    usaState: null,
    currency: "BRL",
    calendarId: 2657447,
    timezone: "America/Sao_Paulo",
    weight: 7,
    locales: [6, 6, 6, 1],
    mobileFormats: [(x) => `+55 11 9${d(x, 0, 4)}-${d(x, 4, 8)}`, (x) => `(11) 9${d(x, 0, 4)}-${d(x, 4, 8)}`],
    streets: [
      "Avenida Paulista",
      "Rua Augusta",
      "Rua Oscar Freire",
      "Avenida Faria Lima",
      "Rua da Consolação",
    ],
    postCode: (x) => `0${d(x, 0, 4)}-${d(x, 4, 7)}`,
  },
  {
    id: 2606117,
    name: "Tokyo",
    city: "Tokyo",
    country: "JP",
    countryName: "Japan",
    usaState: null,
    currency: "JPY",
    calendarId: 2657448,
    timezone: "Asia/Tokyo",
    weight: 5,
    locales: [7, 7, 7, 1],
    mobileFormats: [(x) => `090-${d(x, 0, 4)}-${d(x, 4, 8)}`, (x) => `+81 90-${d(x, 0, 4)}-${d(x, 4, 8)}`],
    streets: ["Shibuya 2-chome", "Roppongi 6-chome", "Ginza 4-chome", "Shinjuku 3-chome", "Minato Mirai"],
    postCode: (x) => `1${d(x, 0, 2)}-${d(x, 2, 6)}`,
  },
  {
    id: 2606118,
    name: "Stockholm",
    city: "Stockholm",
    country: "SE",
    countryName: "Sweden",
    usaState: null,
    currency: "SEK",
    calendarId: 2657449,
    timezone: "Europe/Stockholm",
    weight: 4,
    locales: [8, 8, 8, 0],
    mobileFormats: [
      (x) => `+46 70 ${d(x, 0, 3)} ${d(x, 3, 5)} ${d(x, 5, 7)}`,
      (x) => `070-${d(x, 0, 3)} ${d(x, 3, 7)}`,
    ],
    streets: ["Drottninggatan", "Götgatan", "Sveavägen", "Hornsgatan", "Strandvägen"],
    postCode: (x) => `1${d(x, 0, 2)} ${d(x, 2, 4)}`,
  },
  {
    id: 2606119,
    name: "Dublin",
    city: "Dublin",
    country: "IE",
    countryName: "Ireland",
    usaState: null,
    currency: "EUR",
    calendarId: 2657450,
    timezone: "Europe/Dublin",
    weight: 2,
    locales: [9, 9, 0],
    mobileFormats: [(x) => `+353 87 ${d(x, 0, 3)} ${d(x, 3, 7)}`, (x) => `087 ${d(x, 0, 3)} ${d(x, 3, 7)}`],
    streets: ["Grafton Street", "O'Connell Street", "Baggot Street", "Dame Street", "Camden Street"],
    postCode: (x) => `D0${x[0] ?? 1} ${d(x, 1, 5)}`,
  },
];

export interface TitleDef {
  id: string;
  name: string;
  archived: boolean;
}

export interface Department {
  id: string;
  name: string;
  /** Individual contributor titles, junior to senior (a promotion moves right). */
  ics: readonly string[];
  /** Manager titles, lower to higher. */
  managers: readonly string[];
  weight: number;
}

const DEPARTMENT_DATA: readonly (readonly [string, number, readonly string[], readonly string[]])[] = [
  [
    "Engineering",
    30,
    ["Junior Software Engineer", "Software Engineer", "Senior Software Engineer", "Staff Engineer"],
    ["Engineering Manager", "Director of Engineering", "VP Engineering"],
  ],
  [
    "Product",
    6,
    ["Associate Product Manager", "Product Manager", "Senior Product Manager"],
    ["Group Product Manager", "VP Product"],
  ],
  [
    "Design",
    4,
    ["Product Designer", "Senior Product Designer", "UX Researcher"],
    ["Design Lead", "Head of Design"],
  ],
  [
    "Data",
    5,
    ["Data Analyst", "Data Engineer", "Senior Data Scientist"],
    ["Analytics Manager", "Head of Data"],
  ],
  [
    "Sales",
    14,
    ["Sales Development Representative", "Account Executive", "Senior Account Executive"],
    ["Sales Manager", "Regional Sales Director", "VP Sales"],
  ],
  [
    "Marketing",
    6,
    ["Marketing Coordinator", "Content Marketer", "Product Marketing Manager"],
    ["Marketing Manager", "CMO"],
  ],
  [
    "Customer Success",
    10,
    ["Support Specialist", "Customer Success Manager", "Solutions Consultant"],
    ["Support Team Lead", "Head of Customer Success"],
  ],
  ["Finance", 4, ["Accountant", "Financial Analyst", "Payroll Specialist"], ["Finance Manager", "CFO"]],
  [
    "People",
    4,
    ["People Partner", "Recruiter", "People Operations Specialist"],
    ["Talent Acquisition Lead", "Chief People Officer"],
  ],
  ["Legal", 2, ["Legal Counsel", "Paralegal"], ["General Counsel"]],
  [
    "Operations",
    6,
    ["Operations Associate", "Facilities Coordinator", "Warehouse Operative"],
    ["Operations Manager", "COO"],
  ],
  ["IT", 3, ["IT Support Engineer", "Systems Administrator"], ["IT Manager"]],
];

/** Bob list item ids for department/title are numeric strings such as "261454635". */
export const DEPARTMENTS: readonly Department[] = DEPARTMENT_DATA.map(([name, weight, ics, managers], i) => ({
  id: String(261454600 + i * 7),
  name,
  ics,
  managers,
  weight,
}));

export const CEO_TITLE = "Chief Executive Officer";

function buildTitles(): TitleDef[] {
  const names = [CEO_TITLE];
  for (const dept of DEPARTMENTS) names.push(...dept.ics, ...dept.managers);
  const titles = [...new Set(names)].map((name, i) => ({
    id: String(261455000 + i * 13),
    name,
    archived: false,
  }));
  // Archived items exist in real tenants and are hidden unless includeArchived=true.
  titles.push({ id: String(261455000 + titles.length * 13), name: "Webmaster", archived: true });
  return titles;
}

export const TITLES: readonly TitleDef[] = buildTitles();

const TITLE_ID_BY_NAME = new Map(TITLES.map((t) => [t.name, t.id]));

export function titleId(name: string): string {
  const id = TITLE_ID_BY_NAME.get(name);
  if (id === undefined) throw new Error(`unknown title ${name}`);
  return id;
}

/** Simple textual lists: [id, label] pairs. Most Bob lists use the label as the id. */
export type ListItems = readonly (readonly [string, string])[];

const same = (...labels: string[]): ListItems => labels.map((l) => [l, l] as const);

export const CONTRACTS = same("Full time", "Part time", "Contractor", "Freelance", "Internship");
export const EMPLOYMENT_TYPES = same("Permanent", "Temporary", "Contractor", "Apprentice", "Fixed term");
export const SALARY_PAY_TYPES = same("Salaried", "Hourly");
export const FLSA_CODES = same("Exempt", "Non-exempt");
export const PAY_PERIODS = same("Annual", "Hourly", "Monthly");
export const PAY_FREQUENCIES = same("Monthly", "Semi Monthly", "Bi-Weekly", "Weekly");
export const WORK_CHANGE_TYPES = same(
  "New Employee",
  "Promotion",
  "Lateral Move",
  "Reorganization",
  "Relocation",
  "Other",
);
/** Machine values are lower-case; display values are capitalised. */
export const LIFECYCLE_STATUS_ITEMS: ListItems = [
  ["hired", "Hired"],
  ["employed", "Employed"],
  ["leave", "Leave"],
  ["parental leave", "Parental leave"],
  ["garden leave", "Garden leave"],
  ["terminated", "Terminated"],
];
export const STATUS_ITEMS = same("Active", "Inactive");
/** The list name is lower-case `terminationreason`; `terminationReason` is a 404. */
export const TERMINATION_REASONS: ListItems = [
  ["resignation", "Resignation"],
  ["relocation", "Relocation"],
  ["performance", "Performance"],
  ["redundancy", "Redundancy"],
  ["end of contract", "End of contract"],
  ["retirement", "Retirement"],
];
export const TERMINATION_TYPES: ListItems = [
  ["voluntary", "Voluntary"],
  ["involuntary", "Involuntary"],
  ["other", "Other"],
];
export const LEAVE_REASONS = same("Sabbatical", "Medical", "Parental", "Garden leave", "Personal");
export const HONORIFICS = same("Mr", "Ms", "Mrs", "Mx", "Dr");
export const PRONOUNS = same("She / Her", "He / Him", "They / Them");
export const GENDERS = same("Female", "Male", "Non-binary", "Prefer not to say");
export const STATES: ListItems = [
  ["active", "Active"],
  ["invited", "Invited"],
  ["uninvited", "Uninvited"],
];
export const HOBBIES = same(
  "Cooking",
  "Cycling",
  "Yoga",
  "Chess",
  "Photography",
  "Climbing",
  "Gaming",
  "Gardening",
  "Running",
  "Reading",
  "Board games",
  "Music",
);
export const SUPERPOWERS = same(
  "Excel",
  "Public speaking",
  "Negotiation",
  "SQL",
  "Mentoring",
  "Storytelling",
);
export const FOOD_PREFERENCES = same(
  "Vegan",
  "Vegetarian",
  "Kosher",
  "Halal",
  "Gluten free",
  "No preference",
);
export const WORK_ARRANGEMENTS: ListItems = [
  ["onsite", "Onsite"],
  ["hybrid", "Hybrid"],
  ["remote", "Remote"],
];
export const SHIRT_SIZES = same("XS", "S", "M", "L", "XL", "XXL");
export const LANGUAGES: ListItems = [
  ["261460001", "English"],
  ["261460002", "Hebrew"],
  ["261460003", "French"],
  ["261460004", "German"],
  ["261460005", "Polish"],
  ["261460006", "Portuguese"],
  ["261460007", "Japanese"],
  ["261460008", "Swedish"],
  ["261460009", "Spanish"],
  ["261460010", "Turkish"],
];
/** Languages most likely spoken per locale, as LANGUAGES ids. */
export const LOCALE_LANGUAGE: readonly string[] = [
  "261460001",
  "261460001",
  "261460002",
  "261460003",
  "261460004",
  "261460005",
  "261460006",
  "261460007",
  "261460008",
  "261460010",
];
export const LEARNER_GROUPS: ListItems = [
  ["262000101", "Onboarding cohort"],
  ["262000102", "People managers"],
  ["262000103", "Engineering guild"],
  ["262000104", "Customer-facing"],
  ["262000105", "Compliance essentials"],
];
export const CERTIFICATIONS: ListItems = [
  ["263100201", "First aid"],
  ["263100202", "Fire warden"],
  ["263100203", "GDPR essentials"],
  ["263100204", "Anti-harassment"],
  ["263100205", "Forklift licence"],
  ["263100206", "ISO 27001 awareness"],
];

/** A hierarchy list (items with children), to exercise `children` in named lists. */
export interface CostCenter {
  id: string;
  name: string;
  children: readonly { id: string; name: string }[];
}

export const COST_CENTERS: readonly CostCenter[] = [
  {
    id: "264000100",
    name: "R&D",
    children: [
      { id: "264000101", name: "Platform" },
      { id: "264000102", name: "Apps" },
    ],
  },
  {
    id: "264000200",
    name: "Go-to-market",
    children: [
      { id: "264000201", name: "EMEA" },
      { id: "264000202", name: "Americas" },
      { id: "264000203", name: "APAC" },
    ],
  },
  {
    id: "264000300",
    name: "G&A",
    children: [
      { id: "264000301", name: "Finance & Legal" },
      { id: "264000302", name: "People & IT" },
    ],
  },
];

export const TIME_OFF_POLICIES: readonly string[] = [
  "Holiday",
  "Sick",
  "Parental",
  "Work from home",
  "Unpaid leave",
];

export const CALENDARS: ListItems = SITES.map(
  (s) => [String(s.calendarId), `${s.countryName} bank holidays`] as const,
);
