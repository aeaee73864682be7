// Where two JSON Schemas differ, named by field: `companies[].size.type` for the `type` of the
// `size` property of the items of `companies` (the `properties` and `items` steps left out).

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

export function schemaDrift(actual: unknown, expected: unknown, path: string[] = []): string[] {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return [];
  if (isObject(actual) && isObject(expected)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    const drift = keys.flatMap((key) => schemaDrift(actual[key], expected[key], [...path, key]));
    // Same keys and values in another order.
    return drift.length > 0 ? drift : [`${fieldName(path) || "(top level)"} (key order)`];
  }
  return [fieldName(path) || "(top level)"];
}

function fieldName(path: string[]): string {
  let name = "";
  for (const [index, step] of path.entries()) {
    // `properties` is a step only when it is a keyword, not a property named "properties".
    if (step === "properties" && path[index - 1] !== "properties") continue;
    if (step === "items" && path[index - 1] !== "properties") name += "[]";
    else name += name === "" ? step : `.${step}`;
  }
  return name;
}
