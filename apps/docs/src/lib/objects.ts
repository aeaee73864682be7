// One page per object of the spec (`Company`, `ErrorList`, ...), and the reference's responses
// pointing at them instead of repeating the whole schema under every status.
import type { JsonSchema, OpenApiDocument, SpecModel } from "@intercom-toolkit/spec/model";
import { slug } from "github-slugger";

/** The site-relative folder of a version's object pages ("objects/", "next/objects/"). */
export function objectsDir(prefix: string): string {
  return `${prefix}objects/`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function refName(schema: unknown): string | undefined {
  if (!isRecord(schema) || typeof schema.$ref !== "string") return undefined;
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(schema.$ref);
  return match?.[1];
}

/** A schema's type in words, objects linked: "string or null", "array of [Tag](../tag/)". */
export function typeText(schema: unknown, link: (name: string) => string): string {
  const name = refName(schema);
  if (name !== undefined) return `[${name}](${link(name)})`;
  if (!isRecord(schema)) return "any";
  for (const key of ["oneOf", "anyOf"] as const) {
    const options = schema[key];
    if (Array.isArray(options)) return options.map((o) => typeText(o, link)).join(" or ");
  }
  if (Array.isArray(schema.allOf)) return schema.allOf.map((o) => typeText(o, link)).join(" and ");
  const types = Array.isArray(schema.type)
    ? schema.type.map(String)
    : [String(schema.type ?? "object")];
  const words = types.map((type) => {
    if (type === "array") return `array of ${typeText(schema.items, link)}`;
    if (type === "object" && isRecord(schema.additionalProperties))
      return `map of ${typeText(schema.additionalProperties, link)}`;
    return typeof schema.format === "string" ? `${type} (${schema.format})` : type;
  });
  const text = words.join(" or ");
  return Array.isArray(schema.enum)
    ? `${text}, one of ${schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(", ")}`
    : text;
}

function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replaceAll("|", "\\|")
    .trim();
}

/** The rows of an object's property table; inline objects add their properties as `a.b`. */
function rows(
  schema: JsonSchema,
  link: (name: string) => string,
  prefix = "",
  depth = 0,
): string[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const description =
      isRecord(property) && typeof property.description === "string" ? property.description : "";
    out.push(
      `| \`${prefix}${name}\`${required.has(name) ? " (required)" : ""} | ${cell(typeText(property, link))} | ${cell(description)} |`,
    );
    if (
      isRecord(property) &&
      refName(property) === undefined &&
      isRecord(property.properties) &&
      depth < 3
    ) {
      out.push(...rows(property, link, `${prefix}${name}.`, depth + 1));
    }
  }
  return out;
}

/** The Markdown page of one object of a version's spec. */
export function objectPage(model: SpecModel, name: string, banner = ""): string {
  const schema = model.schemas[name];
  if (schema === undefined) throw new Error(`The spec has no schema "${name}".`);
  const link = (other: string) => `../${slug(other)}/`;
  const description = typeof schema.description === "string" ? schema.description.trim() : "";
  const used = model.operations
    .filter((operation) =>
      JSON.stringify([
        operation.requestBody?.schema,
        ...operation.responses.map((r) => r.schema),
      ]).includes(`"#/components/schemas/${name}"`),
    )
    .map((operation) => `\`${operation.operationId}\``);
  const table = rows(schema, link);
  return [
    "---",
    `title: ${JSON.stringify(name)}`,
    `description: ${JSON.stringify(description.split("\n")[0] || `The ${name} object of the Intercom Companies API.`)}`,
    "---",
    "",
    banner,
    description,
    "",
    `Type: ${typeText({ ...schema, description: undefined }, link)}.`,
    "",
    ...(table.length > 0
      ? ["| Property | Type | Description |", "| --- | --- | --- |", ...table, ""]
      : []),
    used.length > 0 ? `Used directly by ${used.join(", ")}.` : "Used inside other objects.",
    "",
  ].join("\n");
}

/**
 * The reference's copy of a document in which every response that answers a named object shows a
 * link to that object's page instead of the whole schema (request bodies keep theirs: what to send
 * belongs on the page). `objectsHref` is the objects folder as seen from an operation page.
 */
export function linkResponseObjects(document: OpenApiDocument, objectsHref: string): void {
  const replace = (response: unknown) => {
    if (!isRecord(response) || !isRecord(response.content)) return;
    const json = response.content["application/json"];
    if (!isRecord(json)) return;
    const name = refName(json.schema);
    if (name === undefined) return;
    json.schema = {
      title: name,
      type: "object",
      description: `A [${name}](${objectsHref}${slug(name)}/) object: its fields are described on its own page.`,
    };
  };
  for (const response of Object.values(document.components?.responses ?? {})) replace(response);
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item ?? {})) {
      if (!isRecord(operation) || !isRecord(operation.responses)) continue;
      for (const response of Object.values(operation.responses)) replace(response);
    }
  }
}
