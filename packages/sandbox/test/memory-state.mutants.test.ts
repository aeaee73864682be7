// The in-memory state of a node:sqlite sandbox (store/sqlite/state.ts) on its own: one open
// scroll per workspace until it expires, how a scroll advances, rate-limit windows, and the
// bound that keeps a client inventing tokens or workspaces from growing memory without limit.
import { describe, expect, it } from "vitest";
import { MemoryRateLimits, MemoryScrolls } from "../src/store/sqlite/state.ts";
import type { ScrollState } from "../src/store/types.ts";

const scroll = (ws: number, id: string, expiresAt: number): ScrollState => ({
  id,
  ws,
  param: `${id}-p1`,
  after: 0,
  previousParam: null,
  previousAfter: 0,
  until: 100,
  expiresAt,
});

describe("MemoryScrolls", () => {
  it("keeps one open scroll per workspace until it expires", async () => {
    const scrolls = new MemoryScrolls();
    expect(await scrolls.open(scroll(1, "a", 1000), 0)).toBe(true);
    expect(await scrolls.open(scroll(1, "b", 2000), 999)).toBe(false);
    expect(await scrolls.open(scroll(2, "c", 2000), 999)).toBe(true);
    // At its expiry the next scroll may open.
    expect(await scrolls.open(scroll(1, "b", 2000), 1000)).toBe(true);
    expect((await scrolls.current(1))?.id).toBe("b");
  });

  it("hands out copies: a caller's change is not the state's", async () => {
    const scrolls = new MemoryScrolls();
    const state = scroll(1, "a", 1000);
    await scrolls.open(state, 0);
    state.param = "changed";
    const current = await scrolls.current(1);
    expect(current?.param).toBe("a-p1");
    if (current) current.param = "changed too";
    expect((await scrolls.current(1))?.param).toBe("a-p1");
    expect(await scrolls.current(9)).toBeUndefined();
  });

  it("advances only the scroll and page it was asked for, keeping the page before", async () => {
    const scrolls = new MemoryScrolls();
    await scrolls.open(scroll(1, "a", 1000), 0);
    const next = { param: "a-p2", after: 50, expiresAt: 5000 };
    expect(await scrolls.advance(1, "other", "a-p1", next)).toBe(false);
    expect(await scrolls.advance(1, "a", "a-p0", next)).toBe(false);
    expect(await scrolls.advance(2, "a", "a-p1", next)).toBe(false);
    expect(await scrolls.advance(1, "a", "a-p1", next)).toBe(true);
    expect(await scrolls.current(1)).toEqual({
      ...scroll(1, "a", 5000),
      param: "a-p2",
      after: 50,
      previousParam: "a-p1",
      previousAfter: 0,
    });
  });

  it("touches and closes only the scroll named", async () => {
    const scrolls = new MemoryScrolls();
    await scrolls.open(scroll(1, "a", 1000), 0);
    await scrolls.touch(1, "other", 9000);
    expect((await scrolls.current(1))?.expiresAt).toBe(1000);
    await scrolls.touch(1, "a", 9000);
    expect((await scrolls.current(1))?.expiresAt).toBe(9000);
    await scrolls.close(1, "other");
    expect(await scrolls.current(1)).toBeDefined();
    await scrolls.close(1, "a");
    expect(await scrolls.current(1)).toBeUndefined();
  });

  it("at 10,000 workspaces forgets the expired scrolls, and only those", async () => {
    const scrolls = new MemoryScrolls();
    for (let ws = 0; ws < 10_000; ws++)
      await scrolls.open(scroll(ws, `s${ws}`, ws < 5 ? 10 : 5000), 0);
    await scrolls.open(scroll(10_000, "new", 5000), 10);
    for (let ws = 0; ws < 5; ws++) expect(await scrolls.current(ws)).toBeUndefined();
    expect(await scrolls.current(5)).toBeDefined();
    expect(await scrolls.current(10_000)).toBeDefined();
  });
});

describe("MemoryRateLimits", () => {
  it("counts the hits of a key within its window, from 1 in each new window", async () => {
    const limits = new MemoryRateLimits();
    expect(limits.hitSync("k", 0)).toBe(1);
    expect(await limits.hit("k", 0)).toBe(2);
    expect(limits.hitSync("other", 0)).toBe(1);
    expect(limits.hitSync("k", 10)).toBe(1);
    expect(limits.hitSync("k", 10)).toBe(2);
  });

  it("at 10,000 keys forgets the windows that are over, and only those", () => {
    const limits = new MemoryRateLimits();
    for (let key = 0; key < 9_999; key++) limits.hitSync(`old${key}`, 0);
    limits.hitSync("current", 10);
    limits.hitSync("current", 10);
    // The 10,001st key: the old windows go, the current one stays.
    limits.hitSync("new", 10);
    expect(limits.hitSync("current", 10)).toBe(3);
    expect(limits.hitSync("old0", 0)).toBe(1);
  });
});
