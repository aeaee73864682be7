// Words for a change inside a schema (what changed, before, after) and how it moved the set of
// values the schema allows, which the rules in classify.ts weigh by the side the schema is on.

import type { Diff } from "api-smart-diff";
import type { SpecModel } from "../../../../spec/src/model.ts";
import type { OperationRef, SpecChange } from "./types.ts";
import {
  describeSchema,
  describeValue,
  isRecord,
  type JsonPath,
  quoteList,
  typeList,
} from "./words.ts";

/** Which way data flows through a schema: "both" for a schema no operation uses (exported types only). */
export type Side = "request" | "response" | "both";
/** How the set of values a schema allows moved. */
export type Effect = "narrowed" | "widened" | "changed";
/** A change the rules single out by what it is, not by how values moved. */
export type Kind = "operation-id" | "property-removed" | "enum-value-removed";

export type Fields = Omit<
  SpecChange,
  "path" | "libraryClassification" | "classification" | "reason" | "rule"
>;

/** One change in words, with the facts the rules decide on. */
export interface Described {
  fields: Fields;
  side?: Side;
  effect?: Effect;
  kind?: Kind;
}

export interface SchemaTarget {
  side: Side;
  area: string;
  operation?: OperationRef;
  /** What the subject is called when the schema root is no named component (a parameter's name). */
  base: string;
  models: [SpecModel, SpecModel];
  /** The schema root in the before and the after document. */
  roots: [unknown, unknown];
  /** The diff's path inside the schema root. */
  inner: JsonPath;
}

/** minimum, exclusiveMaximum, maxLength, minItems...: "in" for a lower bound, "ax" for an upper one. */
const BOUND = /^(?:exclusiveM|m)(in|ax)(?:imum|Length|Items|Properties)$/;
const CONSTRAINTS = new Set(["pattern", "format", "multipleOf", "uniqueItems", "contentEncoding"]);
const COMBINERS = new Set(["properties", "allOf", "anyOf", "oneOf"]);
const NESTED = new Set(["items", "additionalProperties", "not"]);

export const verb = (diff: Diff): string =>
  diff.action === "add" ? "added" : diff.action === "remove" ? "removed" : "changed";
const byAction = (diff: Diff): Effect =>
  diff.action === "add" ? "narrowed" : diff.action === "remove" ? "widened" : "changed";
const get = (schema: unknown, key: string): unknown => (isRecord(schema) ? schema[key] : undefined);

/** Walks `path` down a schema, following `$ref`s, and names it after the last component met. */
function follow(model: SpecModel, root: unknown, path: JsonPath, base: string) {
  let name = base;
  let rendered = "";
  let node = root;
  const enter = () => {
    if (typeof get(node, "$ref") !== "string") return;
    name = String(get(node, "$ref")).split("/").at(-1) ?? name;
    rendered = "";
    node = model.resolve(node);
  };
  enter();
  for (let i = 0; i < path.length; i++) {
    const key = String(path[i]);
    if (COMBINERS.has(key) && i + 1 < path.length) {
      const child = path[++i] as string | number;
      rendered += key === "properties" ? `.${child}` : `<${key} #${Number(child) + 1}>`;
      node = (get(node, key) as Record<string | number, unknown> | undefined)?.[child];
    } else {
      rendered += key === "items" ? "[]" : key === "additionalProperties" ? ".*" : `<${key}>`;
      node = get(node, key);
    }
    enter();
  }
  return { node, subject: `${name}${rendered}` };
}

export function describeSchemaChange(diff: Diff, target: SchemaTarget): Described[] {
  // The nested schema the path reaches, and the keyword that changed in it.
  let i = 0;
  for (const inner = target.inner; ; ) {
    const key = String(inner[i]);
    if (COMBINERS.has(key) && i + 2 < inner.length) i += 2;
    else if (NESTED.has(key) && i + 1 < inner.length) i += 1;
    else break;
  }
  const node = target.inner.slice(0, i);
  const tail = target.inner.slice(i);
  const [before, after] = [0, 1].map((side) =>
    follow(target.models[side] as SpecModel, target.roots[side], node, target.base),
  ) as [ReturnType<typeof follow>, ReturnType<typeof follow>];
  const subject = (diff.action === "add" ? after : before).subject;
  const said = (what: string, extra: Partial<Fields> & Omit<Described, "fields"> = {}) => {
    const { effect, kind, side: _side, ...fields } = extra;
    const located = { ...(target.operation ? { operation: target.operation } : {}), subject };
    return {
      fields: { ...located, area: target.area, what, ...fields },
      side: target.side,
      ...(effect ? { effect } : {}),
      ...(kind ? { kind } : {}),
    } satisfies Described;
  };
  const values = {
    ...(diff.before !== undefined ? { before: describeValue(diff.before) } : {}),
    ...(diff.after !== undefined ? { after: describeValue(diff.after) } : {}),
  };
  const [keyword, member] = tail;
  const was = before.node;
  const now = after.node;

  if (keyword === undefined)
    return [said(`schema ${verb(diff)}`, { ...values, effect: byAction(diff) })];
  if (keyword === "properties" && member !== undefined && tail.length === 2) {
    const property = `${subject}.${String(member)}`;
    if (diff.action === "remove") {
      const before = describeSchema(diff.before);
      return [said("property removed", { subject: property, before, kind: "property-removed" })];
    }
    if (diff.action !== "add")
      return [said("property schema replaced", { subject: property, effect: "changed" })];
    const required = (get(now, "required") as unknown[] | undefined)?.includes(member) === true;
    const what = `${required ? "required" : "optional"} property added`;
    return [said(what, { subject: property, after: describeSchema(diff.after) })];
  }
  if (keyword === "required") {
    const list = (schema: unknown) => ((get(schema, "required") ?? []) as unknown[]).map(String);
    const has = (schema: unknown, name: string) =>
      isRecord(get(schema, "properties")) && name in (get(schema, "properties") as object);
    // A property added or removed together with its `required` entry is reported as such.
    const added = list(now).filter((name) => !list(was).includes(name) && has(was, name));
    const removed = list(was).filter((name) => !list(now).includes(name) && has(now, name));
    const became = (name: string, was: string, now: string, effect: Effect) =>
      said(`property became ${now}`, {
        subject: `${subject}.${name}`,
        before: was,
        after: now,
        effect,
      });
    return [
      ...added.map((name) => became(name, "optional", "required", "narrowed")),
      ...removed.map((name) => became(name, "required", "optional", "widened")),
    ];
  }
  if (keyword === "type" || keyword === "nullable") {
    const a = typeList(was);
    const b = typeList(now);
    if (!a || !b) return [said(`${keyword} ${verb(diff)}`, values)];
    if (a.length === b.length && a.every((type) => b.includes(type))) return [];
    const covers = (types: readonly string[], type: string) =>
      types.includes(type) || (type === "integer" && types.includes("number"));
    const effect: Effect = a.every((type) => covers(b, type))
      ? "widened"
      : b.every((type) => covers(a, type))
        ? "narrowed"
        : "changed";
    const withoutNull = (types: string[]) =>
      types
        .filter((type) => type !== "null")
        .sort()
        .join();
    const what =
      withoutNull(a) !== withoutNull(b)
        ? "type changed"
        : b.includes("null")
          ? "became nullable"
          : "no longer nullable";
    return [said(what, { before: a.join(" | "), after: b.join(" | "), effect })];
  }
  if (keyword === "enum" || keyword === "const") return describeEnum(was, now, said);
  const bound = BOUND.exec(String(keyword))?.[1];
  if (bound && tail.length === 1) {
    const a = get(was, String(keyword));
    const b = get(now, String(keyword));
    if (typeof a !== "number" && typeof b !== "number")
      return [said(`${String(keyword)} ${verb(diff)}`, values)];
    const tighter =
      typeof a !== "number" || (typeof b === "number" && (bound === "in" ? b > a : b < a));
    const what = `${String(keyword)} ${tighter ? "tightened" : "relaxed"}`;
    return [
      said(what, {
        before: describeValue(a),
        after: describeValue(b),
        effect: tighter ? "narrowed" : "widened",
      }),
    ];
  }
  if (CONSTRAINTS.has(String(keyword)) && tail.length === 1) {
    return [said(`${String(keyword)} ${verb(diff)}`, { ...values, effect: byAction(diff) })];
  }
  return [said(`${tail.map(String).join(".")} ${verb(diff)}`, values)];
}

function describeEnum(
  was: unknown,
  now: unknown,
  said: (what: string, extra: Partial<Fields> & Omit<Described, "fields">) => Described,
): Described[] {
  const allowed = (schema: unknown): unknown[] | undefined =>
    get(schema, "const") !== undefined
      ? [get(schema, "const")]
      : Array.isArray(get(schema, "enum"))
        ? (get(schema, "enum") as unknown[])
        : undefined;
  const a = allowed(was);
  const b = allowed(now);
  if (!a || !b) {
    const what = a ? "enum restriction removed" : "values restricted to an enum";
    const [before, after] = [a, b].map((list) => (list ? quoteList(list) : "any value"));
    return [said(what, { before, after, effect: a ? "widened" : "narrowed" })];
  }
  const key = (value: unknown) => JSON.stringify(value);
  const missing = (from: unknown[], other: unknown[]) =>
    from.filter((value) => !other.some((item) => key(item) === key(value)));
  const removed = missing(a, b);
  const added = missing(b, a);
  if (removed.length === 0 && added.length === 0) return [];
  const phrase = (list: unknown[], how: string) =>
    list.length > 0 ? [`value${list.length > 1 ? "s" : ""} ${quoteList(list)} ${how}`] : [];
  const what = `enum ${[...phrase(removed, "removed"), ...phrase(added, "added")].join(", ")}`;
  const effect: Effect =
    removed.length === 0 ? "widened" : added.length === 0 ? "narrowed" : "changed";
  return [
    said(what, {
      before: quoteList(a),
      after: quoteList(b),
      effect,
      ...(removed.length > 0 ? { kind: "enum-value-removed" as const } : {}),
    }),
  ];
}
