/**
 * What the source reads from Bob, in groups an admin can reason about. Each group names the fields it always
 * asks for and the Bob categories whose other fields (custom ones included) come along from field metadata.
 * The privacy-minded default leaves out pay, bank, identification, personal and EEO data.
 */
export interface GroupField {
  readonly id: string;
  /** Bob's name for the field, as shown in the permission group. */
  readonly name: string;
}

export interface FieldGroup {
  readonly id: string;
  readonly title: string;
  /** Bob's permission-group category, as an admin sees it. */
  readonly category: string;
  readonly fields: readonly GroupField[];
  /** Bob `categoryId`s whose further fields from metadata join the selection. */
  readonly categories: readonly string[];
  readonly sensitive: boolean;
}

export const FIELD_GROUPS = [
  {
    id: "basic_info",
    title: "Basic info",
    category: "Basic info",
    fields: [
      { id: "root.id", name: "ID" },
      { id: "root.email", name: "Email" },
      { id: "root.firstName", name: "First name" },
      { id: "root.surname", name: "Last name" },
      { id: "root.displayName", name: "Display name" },
    ],
    categories: ["root"],
    sensitive: false,
  },
  {
    id: "work",
    title: "Work: title, department, site, manager, start date",
    category: "Work",
    fields: [
      { id: "work.title", name: "Job title" },
      { id: "work.department", name: "Department" },
      { id: "work.site", name: "Site" },
      { id: "work.siteId", name: "Site ID" },
      { id: "work.startDate", name: "Start date" },
      { id: "work.reportsTo", name: "Reports to" },
      { id: "work.manager", name: "Manager" },
      { id: "work.isManager", name: "Is manager" },
      { id: "work.employeeIdInCompany", name: "Employee ID" },
    ],
    categories: ["work"],
    sensitive: false,
  },
  {
    id: "employment",
    title: "Employment: contract and type",
    category: "Employment",
    fields: [
      { id: "payroll.employment.contract", name: "Contract" },
      { id: "payroll.employment.type", name: "Employment type" },
    ],
    categories: [],
    sensitive: false,
  },
  {
    id: "lifecycle",
    title: "Lifecycle: status and termination date",
    category: "Lifecycle",
    fields: [
      { id: "internal.lifecycleStatus", name: "Lifecycle status" },
      { id: "internal.status", name: "Status" },
      { id: "internal.terminationDate", name: "Termination date" },
    ],
    categories: ["lifecycle"],
    sensitive: false,
  },
  {
    id: "contact_phone",
    title: "Contact phones: personal mobile and work mobile",
    category: "Personal contact details / Work contact details",
    fields: [
      { id: "home.mobilePhone", name: "Mobile phone" },
      { id: "work.workMobile", name: "Work mobile" },
    ],
    categories: [],
    sensitive: false,
  },
  {
    id: "address",
    title: "Address",
    category: "Address",
    fields: [],
    categories: ["address"],
    sensitive: true,
  },
  {
    id: "salary",
    title: "Salary and pay",
    category: "Payroll",
    fields: [],
    categories: ["payroll"],
    sensitive: true,
  },
  {
    id: "bank",
    title: "Bank accounts",
    category: "Financial",
    fields: [],
    categories: ["financial"],
    sensitive: true,
  },
  {
    id: "identification",
    title: "Identification (passport, national id)",
    category: "Identification",
    fields: [],
    categories: ["identification"],
    sensitive: true,
  },
  {
    id: "personal",
    title: "Personal data",
    category: "Personal",
    fields: [],
    categories: ["personal"],
    sensitive: true,
  },
  {
    id: "eeo",
    title: "EEO (equal employment data)",
    category: "EEO",
    fields: [],
    categories: ["eeo"],
    sensitive: true,
  },
] as const satisfies readonly FieldGroup[];

export type FieldGroupId = (typeof FIELD_GROUPS)[number]["id"];

export const FIELD_GROUP_IDS = FIELD_GROUPS.map((group) => group.id) as [FieldGroupId, ...FieldGroupId[]];

export const DEFAULT_FIELD_GROUPS: FieldGroupId[] = FIELD_GROUPS.filter((group) => !group.sensitive).map(
  (group) => group.id,
);
