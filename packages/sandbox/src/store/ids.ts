// Ids the sandbox makes, the same for every backend.
import { createHash, randomBytes, randomInt } from "node:crypto";

/** Intercom-style object id: 4 bytes of Unix seconds, then 8 random bytes, in hex. */
export function objectId(nowSeconds: number): string {
  return (nowSeconds >>> 0).toString(16).padStart(8, "0") + randomBytes(8).toString("hex");
}

/** Workspace key of a token: its SHA-256, so the database never holds a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const APP_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** An Intercom-style `app_id`: 8 characters of [a-z0-9]. */
export function newAppId(): string {
  let appId = "";
  for (let i = 0; i < 8; i++) appId += APP_ID_ALPHABET[randomInt(APP_ID_ALPHABET.length)];
  return appId;
}

/** A tag id in Intercom's style: 7 digits. */
export function newTagId(): string {
  return String(randomInt(1_000_000, 10_000_000));
}

/**
 * A fixture pins an id that another record of the workspace has (loaded from another fixtures
 * file into the same database, say): the same words on every backend.
 */
export function pinnedIdTaken(kind: "company" | "contact" | "tag" | "segment", id: string): Error {
  return new Error(
    `The ${kind} id ${id} is another ${kind}'s in this workspace: pin each ${kind} to an id of its own, or leave the id out to get a new one.`,
  );
}
