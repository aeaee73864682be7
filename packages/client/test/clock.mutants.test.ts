// The system clock the client uses unless a test gives it another: its sleep() resolves after
// the wait and rejects with the signal's reason as soon as the signal aborts (before or during).
import { describe, expect, it } from "vitest";
import { sleep } from "../src/clock.ts";

describe("the system clock's sleep()", () => {
  it("resolves after the wait, and leaves no listener on the signal", async () => {
    const controller = new AbortController();
    let listeners = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      if (args[0] === "abort") listeners++;
      add(...args);
    }) as typeof add;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      if (args[0] === "abort") listeners--;
      remove(...args);
    }) as typeof remove;
    await expect(sleep(5, signal)).resolves.toBeUndefined();
    expect(listeners).toBe(0);
  });

  it("rejects at once with the reason of a signal that has already aborted", async () => {
    const reason = new Error("already gone");
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("rejects with the reason when the signal aborts during the wait", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    const reason = new Error("stop now");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
  });

  it("keeps waiting when the signal does not abort", async () => {
    const controller = new AbortController();
    let settled = false;
    const waiting = sleep(30, controller.signal).then(() => {
      settled = true;
    });
    await sleep(1);
    expect(settled).toBe(false);
    await waiting;
    expect(settled).toBe(true);
  });
});
