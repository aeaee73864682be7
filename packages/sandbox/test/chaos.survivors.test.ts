// `--chaos` (chaos.ts), for the mutant the other tests left alive: a fault named without `=` and
// a share is refused with an empty share in the message, whatever the fault.
import { describe, expect, it } from "vitest";
import { parseChaos } from "../src/chaos.ts";

describe("parseChaos", () => {
  it.each(["500", "429=1%,drop", "delay"])("refuses %j: a fault without its share", (spec) => {
    expect(() => parseChaos(spec)).toThrow(
      new Error(`Invalid chaos share "" in "${spec}": use a percentage (5%) or a fraction (0.05).`),
    );
  });
});
