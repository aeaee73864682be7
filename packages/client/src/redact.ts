/** Replaces every occurrence of the secret (and of `Bearer <secret>`) in a text with a marker. */
export type Redactor = (text: string) => string;

export const REDACTED = "[REDACTED]";

export function createRedactor(secret: string): Redactor {
  return (text) => (secret && text.includes(secret) ? text.split(secret).join(REDACTED) : text);
}
