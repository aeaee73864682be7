// `--chaos`: what a spec parses to (every rule and message of parseChaos), and which faults the
// decisions bring, by share, for a fixed seed (so the counts below are the same on every run).
import { describe, expect, it } from "vitest";
import { Chaos, type ChaosOptions, DEFAULT_CHAOS, parseChaos } from "../src/chaos.ts";

const none: ChaosOptions = {
  rateLimit: 0,
  serverError: 0,
  scrollRestart: 0,
  drop: 0,
  dropAfter: 0,
  errorAfter: 0,
  delay: 0,
  delayMs: 200,
};

describe("parseChaos", () => {
  it.each(["off", "none", "", "  OFF  "])("turns chaos off with %j", (spec) => {
    expect(parseChaos(spec)).toBeNull();
  });

  it.each(["on", "default", " On "])("reads %j as the defaults", (spec) => {
    expect(parseChaos(spec)).toEqual({
      rateLimit: 0.03,
      serverError: 0.02,
      scrollRestart: 0.05,
      drop: 0.01,
      dropAfter: 0.01,
      errorAfter: 0.01,
      delay: 0.1,
      delayMs: 200,
    });
    expect(parseChaos(spec)).toEqual(parseChaos(DEFAULT_CHAOS));
  });

  it("reads percentages and fractions, any subset in any order, spaces and case aside", () => {
    expect(parseChaos(" 500 = 0.5 , 429=25%,DROP-AFTER=0.125 ")).toEqual({
      ...none,
      serverError: 0.5,
      rateLimit: 0.25,
      dropAfter: 0.125,
    });
    expect(parseChaos("scroll=100%,500-after=0,drop=1%")).toEqual({
      ...none,
      scrollRestart: 1,
      drop: 0.01,
    });
  });

  it.each([
    ["delay=10%", 0.1, 200],
    ["delay=10%:300ms", 0.1, 300],
    ["delay=50%:300", 0.5, 300],
    ["delay=1:2s", 1, 2000],
  ])("reads %j as a share and an upper bound", (spec, share, ms) => {
    expect(parseChaos(spec)).toEqual({ ...none, delay: share, delayMs: ms });
  });

  it.each([
    [
      "delay=10%:x300ms",
      'Invalid chaos delay "x300ms" in "delay=10%:x300ms": use e.g. 300ms or 2s.',
    ],
    [
      "delay=10%:300msx",
      'Invalid chaos delay "300msx" in "delay=10%:300msx": use e.g. 300ms or 2s.',
    ],
    ["delay=10%:300m", 'Invalid chaos delay "300m" in "delay=10%:300m": use e.g. 300ms or 2s.'],
  ])("rejects the delay of %j", (spec, message) => {
    expect(() => parseChaos(spec)).toThrow(new Error(message));
  });

  it.each([
    ["-1%", "-1%"],
    ["101%", "101%"],
    ["1.5", "1.5"],
    ["abc", "abc"],
    ["", ""],
    ["%", "%"],
  ])("rejects the share %j", (share, shown) => {
    const spec = `500=${share}`;
    expect(() => parseChaos(spec)).toThrow(
      new Error(
        `Invalid chaos share "${shown}" in "${spec}": use a percentage (5%) or a fraction (0.05).`,
      ),
    );
  });

  it("names the faults it knows when it meets another", () => {
    expect(() => parseChaos("429=1%,timeout=5%")).toThrow(
      new Error(
        `Unknown chaos fault "timeout" in "429=1%,timeout=5%": use 429, 500, scroll, drop, drop-after, 500-after and delay, e.g. "${DEFAULT_CHAOS}".`,
      ),
    );
    expect(() => parseChaos("5%")).toThrow(/^Unknown chaos fault "5%"/);
  });

  it.each([
    ["500=60%,429=50%"],
    ["429=60%,500=50%"],
    ["429=60%,drop=50%"],
    ["429=60%,drop-after=50%"],
    ["429=60%,500-after=50%"],
  ])("rejects %j: the faults before processing add up to more than 100%", (spec) => {
    expect(() => parseChaos(spec)).toThrow(
      new Error(
        `Chaos shares of 429, 500, drop, drop-after and 500-after add up to more than 100% in "${spec}".`,
      ),
    );
  });

  it("accepts shares that add up to exactly 100%, scroll and delay aside", () => {
    expect(
      parseChaos("429=20%,500=20%,drop=20%,drop-after=20%,500-after=20%,scroll=100%,delay=100%"),
    ).toMatchObject({ rateLimit: 0.2, errorAfter: 0.2, scrollRestart: 1, delay: 1 });
  });
});

/** How often each fault came in `draws` decisions of one workspace. */
function tally(options: ChaosOptions, draws = 4000, seed = 7, workspace = "w1") {
  const chaos = new Chaos(options, seed);
  const counts: Record<string, number> = {};
  let restarts = 0;
  const delays: number[] = [];
  for (let index = 0; index < draws; index++) {
    const decision = chaos.decide(workspace);
    counts[String(decision.fault)] = (counts[String(decision.fault)] ?? 0) + 1;
    if (decision.scrollRestart) restarts++;
    delays.push(decision.delayMs);
  }
  return { counts, restarts, delays };
}

describe("Chaos.decide", () => {
  it("brings no fault, restart or delay with every share at 0", () => {
    const { counts, restarts, delays } = tally(none);
    expect(counts).toEqual({ null: 4000 });
    expect(restarts).toBe(0);
    expect(new Set(delays)).toEqual(new Set([0]));
  });

  it.each([
    ["rateLimit", "rate_limit"],
    ["serverError", "server_error"],
    ["drop", "drop"],
    ["dropAfter", "drop_after"],
    ["errorAfter", "error_after"],
  ] as const)("brings %s on every request at 100%", (field, fault) => {
    expect(tally({ ...none, [field]: 1 }).counts).toEqual({ [fault]: 4000 });
  });

  it("splits the faults by their shares, in order", () => {
    const { counts } = tally({
      ...none,
      rateLimit: 0.2,
      serverError: 0.2,
      drop: 0.2,
      dropAfter: 0.2,
      errorAfter: 0.1,
    });
    for (const fault of ["rate_limit", "server_error", "drop", "drop_after"])
      expect(counts[fault], fault).toBeGreaterThan(700);
    for (const fault of ["rate_limit", "server_error", "drop", "drop_after"])
      expect(counts[fault], fault).toBeLessThan(900);
    expect(counts.error_after).toBeGreaterThan(320);
    expect(counts.error_after).toBeLessThan(480);
    expect(counts.null).toBeGreaterThan(320);
    expect(counts.null).toBeLessThan(480);
  });

  it("restarts scrolls and delays requests by their shares, delays up to delayMs", () => {
    const all = tally({ ...none, scrollRestart: 1, delay: 1, delayMs: 100 });
    expect(all.restarts).toBe(4000);
    expect(Math.max(...all.delays)).toBeLessThanOrEqual(100);
    expect(Math.max(...all.delays)).toBeGreaterThan(90);
    expect(all.delays.filter((ms) => ms === 0).length).toBeLessThan(100);
    const some = tally({ ...none, scrollRestart: 0.25, delay: 0.25, delayMs: 100 });
    expect(some.restarts).toBeGreaterThan(850);
    expect(some.restarts).toBeLessThan(1150);
    const delayed = some.delays.filter((ms) => ms > 0).length;
    expect(delayed).toBeGreaterThan(850);
    expect(delayed).toBeLessThan(1150);
  });

  it("gives each workspace a sequence of its own, the same for the same seed", () => {
    const options = { ...none, rateLimit: 0.5 };
    const sequence = (seed: number, workspace: string) => {
      const chaos = new Chaos(options, seed);
      return Array.from({ length: 64 }, () => chaos.decide(workspace).fault).join();
    };
    expect(sequence(7, "w1")).toBe(sequence(7, "w1"));
    expect(sequence(7, "w1")).not.toBe(sequence(7, "w2"));
    expect(sequence(7, "w1")).not.toBe(sequence(8, "w1"));
    // Interleaving another workspace's requests does not change this one's faults.
    const chaos = new Chaos(options, 7);
    const interleaved = Array.from({ length: 64 }, () => {
      chaos.decide("w2");
      return chaos.decide("w1").fault;
    }).join();
    expect(interleaved).toBe(sequence(7, "w1"));
  });
});
