// Limits that keep each request's work bounded, so one workspace cannot stall the others.
import { ApiError } from "./errors.ts";

/**
 * How many custom attributes a company may hold (Intercom caps the custom data attributes of a
 * workspace too; see spec/NOTES.md). A write that would leave more answers 400.
 */
export const MAX_CUSTOM_ATTRIBUTES = 250;

export function tooManyCustomAttributes(count: number): ApiError {
  return new ApiError(
    400,
    "bad_request",
    `A company can hold at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this request would leave ${count}. Unset some (send them as null) or store the data elsewhere.`,
    "custom_attributes",
  );
}

/** Throws when merged custom attributes (their JSON) hold more keys than allowed. */
export function checkCustomAttributeCount(json: string): void {
  // Cheap bound first: each key needs at least `"":` and a value.
  if (json.length < MAX_CUSTOM_ATTRIBUTES * 4) return;
  const count = Object.keys(JSON.parse(json) as object).length;
  if (count > MAX_CUSTOM_ATTRIBUTES) throw tooManyCustomAttributes(count);
}

/**
 * How many fields (object keys, at any depth) a JSON body may hold. Parsing is what costs with
 * huge objects (V8 builds 60,000 keys in about 150 ms), so bodies are counted before they are
 * parsed. The largest valid body (tagging 1,000 companies) holds about 3,000.
 */
export const MAX_BODY_FIELDS = 5_000;

/** Counts the keys of a JSON text (colons outside strings) in one pass, stopping past `limit`. */
export function countJsonFields(text: string, limit: number): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 58 /* : */ && ++count > limit) return count;
  }
  return count;
}

export function tooManyFields(): ApiError {
  return new ApiError(
    400,
    "bad_request",
    `The request body holds more than ${MAX_BODY_FIELDS.toLocaleString("en")} fields. A company holds at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes: send fewer.`,
  );
}
