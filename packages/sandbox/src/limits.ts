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
