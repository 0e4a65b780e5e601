// The raw read baseline: the very requests source-hibob makes for a full read of `employees` (field metadata,
// the id list, then id batches in the source's order), each answer JSON.parse'd and each employee
// JSON.stringify'd to stdout. No validation, no records, no state: the floor a connector cannot go below.
// argv[2] is a JSON plan: { baseUrl, user, token, fields, batchSize, showInactive }.
const plan = JSON.parse(process.argv[2]);
const headers = {
  authorization: `Basic ${Buffer.from(`${plan.user}:${plan.token}`).toString("base64")}`,
  accept: "application/json",
  "content-type": "application/json",
};

async function call(method, path, body) {
  const response = await fetch(`${plan.baseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  return JSON.parse(await response.text());
}

/** Written with backpressure, as the source's emitter writes. */
function write(line) {
  return process.stdout.write(line)
    ? undefined
    : new Promise((resolve) => process.stdout.once("drain", resolve));
}

// Bob's ids sort by length, then text (the source's compareIds).
const compareIds = (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

await call("GET", "/company/people/fields");
const listed = await call("POST", "/people/search", { fields: ["root.id"], showInactive: plan.showInactive });
const ids = listed.employees.map((employee) => String(employee.id)).sort(compareIds);
for (let start = 0; start < ids.length; start += plan.batchSize) {
  const answer = await call("POST", "/people/search", {
    fields: plan.fields,
    showInactive: plan.showInactive,
    humanReadable: "APPEND",
    filters: [{ fieldPath: "root.id", operator: "equals", values: ids.slice(start, start + plan.batchSize) }],
  });
  for (const employee of answer.employees) await write(`${JSON.stringify(employee)}\n`);
}
