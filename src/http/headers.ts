/** Response headers as axios and node give them: names in lower case, a value a string, a number or a list. */
export type HeaderValue = string | number | readonly string[] | undefined | null;
export type HeaderBag = Readonly<Record<string, HeaderValue>>;

/** One header's value (the first, when repeated), looked up by its lower-case name. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()] ?? headers[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? value : value[0];
}
