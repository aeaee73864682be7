/** Replaces every occurrence of the secret in a text with a marker. */
export type Redactor = (text: string) => string;

/**
 * Every occurrence of the secret that is not part of a longer word becomes `[REDACTED]`: a real
 * token always stands apart (`Bearer <token>`, `"<token>"`, `token=<token>`), and a very short
 * one (`"t"`) leaves the words that contain it (`Intercom`) alone.
 */
export function createRedactor(secret: string): Redactor {
  const pattern = new RegExp(
    `(?<!\\w)${secret.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?!\\w)`,
    "g",
  );
  return (text) => text.replace(pattern, "[REDACTED]");
}
