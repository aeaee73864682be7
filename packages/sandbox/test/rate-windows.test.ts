// Rate-limit windows in the storage of the backend under test: a request that read the clock just
// before its window ended, and reaches the store after the next window began, still counts in
// its own window. `pnpm test:repeat` caught PostgreSQL forgetting it (a window allowed 35 of a
// limit of 30 across three processes): the process that opened the next window deleted the one
// a late request was counted in, so its count started again.
import { describe, expect, it } from "vitest";
import { backend } from "./support/backend.ts";
import { withStorage } from "./support/storage.ts";

describe(`rate-limit windows (${backend})`, () => {
  it("count a late request in its own window after the next one began", () =>
    withStorage(async (store) => {
      const hit = (windowStart: number) => store.rateLimits.hit("token", windowStart);
      expect([await hit(10_000), await hit(10_000)]).toEqual([1, 2]);
      expect(await hit(20_000)).toBe(1);
      // Late for the window before: it goes on counting there, not from 1.
      expect(await hit(10_000)).toBe(3);
      expect(await hit(20_000)).toBe(2);
      // Two windows on, the oldest may be forgotten; the one before the latest is kept.
      expect(await hit(30_000)).toBe(1);
      expect(await hit(20_000)).toBe(3);
    }));

  it("count a request more than a window late alone, and forget neither window for it", () =>
    withStorage(async (store) => {
      const hit = (windowStart: number) => store.rateLimits.hit("token", windowStart);
      expect([await hit(30_000), await hit(30_000)]).toEqual([1, 2]);
      expect(await hit(10_000)).toBe(1);
      expect(await hit(40_000)).toBe(1);
      // The window before the latest still counts on from where it was.
      expect(await hit(30_000)).toBe(3);
      expect(await hit(40_000)).toBe(2);
    }));

  it("keep one counter per key", () =>
    withStorage(async (store) => {
      expect(await store.rateLimits.hit("a", 10_000)).toBe(1);
      expect(await store.rateLimits.hit("b", 10_000)).toBe(1);
      expect(await store.rateLimits.hit("a", 20_000)).toBe(1);
      expect(await store.rateLimits.hit("b", 10_000)).toBe(2);
    }));
});
