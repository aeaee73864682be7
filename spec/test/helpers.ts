import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { createSpecModel, type OpenApiDocument } from "../src/model.ts";

export const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const bundledSpecPath = join(specDir, "dist", "openapi.json");

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function loadSpec(): JsonObject {
  return JSON.parse(readFileSync(bundledSpecPath, "utf8")) as JsonObject;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  node: JsonObject;
  pointer: string;
}

const escapePointer = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** The spec's operations, from the spec model, with the JSON pointer of each. */
export function operations(spec: JsonObject): Operation[] {
  return createSpecModel(spec as unknown as OpenApiDocument).operations.map((operation) => ({
    method: operation.method,
    path: operation.path,
    operationId: operation.operationId,
    node: operation.raw as JsonObject,
    pointer: `#/paths/${escapePointer(operation.path)}/${operation.method.toLowerCase()}`,
  }));
}

/** An Ajv (JSON Schema 2020-12) that resolves `openapi.json#/...` pointers into the spec. */
export function specValidator(spec: JsonObject) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...spec, $id: "openapi.json" } as object);
  return (pointer: string, value: unknown): string[] => {
    const validate = ajv.compile({ $ref: `openapi.json${pointer}` });
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
  };
}

/** Follows a local `$ref` in the spec, if the node is one. */
export function deref(spec: JsonObject, node: Json): { node: JsonObject; pointer?: string } {
  const ref = (node as JsonObject).$ref;
  if (typeof ref !== "string") return { node: node as JsonObject };
  let target: Json = spec;
  for (const part of ref.slice(2).split("/")) {
    target = (target as JsonObject)[part.replaceAll("~1", "/").replaceAll("~0", "~")] as Json;
  }
  return { node: target as JsonObject, pointer: ref };
}

export { escapePointer };
