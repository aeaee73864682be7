// Checks of createIntercomClient's options, shared by the core and the throttle plugin (kept out of
// options.ts, whose types name the plugin: no import circle).
import { IntercomConfigurationError } from "./errors.ts";

export function fail(message: string): never {
  throw new IntercomConfigurationError(`createIntercomClient(): ${message}`);
}

/** The option if it is a whole number ≥ 0, its default if it is left out (or `options` is a boolean). */
export function count(
  options: object | boolean | undefined,
  name: string,
  fallback: number,
): number {
  const value = (options as Record<string, unknown> | undefined)?.[name] ?? fallback;
  return Number.isInteger(value) && (value as number) >= 0
    ? (value as number)
    : fail(`${name} must be a whole number ≥ 0, got ${value}`);
}
