// Turns JSON values and schema paths into the short phrases a reviewer reads.

export type JsonPath = ReadonlyArray<string | number>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function typeList(schema: unknown): string[] | undefined {
  if (!isRecord(schema)) return undefined;
  const types = new Set<string>();
  if (typeof schema.type === "string") types.add(schema.type);
  else if (Array.isArray(schema.type)) for (const type of schema.type) types.add(String(type));
  else return undefined;
  if (schema.nullable === true) types.add("null");
  return [...types];
}

function truncate(text: string, max = 90): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A one-line summary of a schema: its type(s), enum, format or `$ref` name. */
export function describeSchema(schema: unknown): string {
  if (!isRecord(schema)) return describeValue(schema);
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? schema.$ref;
  const parts: string[] = [];
  const types = typeList(schema);
  if (schema.const !== undefined) parts.push(`always ${JSON.stringify(schema.const)}`);
  else if (Array.isArray(schema.enum))
    parts.push(`one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`);
  else if (types) parts.push(types.join(" | "));
  else parts.push(Array.isArray(schema.oneOf ?? schema.anyOf) ? "a union" : "any value");
  if (typeof schema.format === "string") parts.push(`(${schema.format})`);
  return truncate(parts.join(" "));
}

/** A compact rendering of any JSON value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(none)";
  // JSON quotes a string; what JSON cannot render (a symbol, a function) is shown as String() does.
  return truncate(JSON.stringify(value) ?? String(value));
}

export function quoteList(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}
