/** Replaces every occurrence of the secret (and of `Bearer <secret>`) in a text with a marker. */
export type Redactor = (text: string) => string;

export function createRedactor(secret: string): Redactor {
  return (text) => text.replaceAll(secret, "[REDACTED]");
}
