// Shared fixtures: the real spec, bundled once, and small mutations of it.
import { bundleWorkingTree, type OpenApiDocument } from "../src/spec-source.ts";

let cached: Promise<OpenApiDocument> | undefined;

/** The working-tree spec, bundled once per test file. Tests mutate copies, never this. */
export async function realSpec(): Promise<OpenApiDocument> {
  cached ??= bundleWorkingTree();
  return structuredClone(await cached);
}

// biome-ignore lint/suspicious/noExplicitAny: fixtures edit the document freely; the spec itself is checked by its own package.
export type Doc = any;

/** A copy of `doc` changed by `mutate`: the document itself stays as it was. */
export function mutatedCopy(doc: OpenApiDocument, mutate: (copy: Doc) => void): OpenApiDocument {
  const copy: Doc = structuredClone(doc);
  mutate(copy);
  return copy;
}

export function schema(doc: Doc, name: string): Doc {
  const found = doc.components.schemas[name];
  if (!found) throw new Error(`The spec has no components.schemas.${name}; update this fixture.`);
  return found;
}

export function operation(doc: Doc, method: string, path: string): Doc {
  const found = doc.paths[path]?.[method];
  if (!found)
    throw new Error(`The spec has no ${method.toUpperCase()} ${path}; update this fixture.`);
  return found;
}
