// Fault injection for client testing. Every workspace draws from its own generator seeded by
// (seed, workspace), so the same sequence of requests with the same token meets the same faults.
import { createHash } from "node:crypto";

export interface ChaosOptions {
  /** Share of requests answered 429 `rate_limit_exceeded` with `Retry-After`. */
  rateLimit: number;
  /** Share of requests answered 500 `server_error`. */
  serverError: number;
  /** Share of scroll continuations (with `scroll_param`) answered with the scroll's restart-500. */
  scrollRestart: number;
  /** Share of requests whose connection is closed without an answer, before they are processed. */
  drop: number;
  /**
   * Share of writes (POST, PUT, DELETE) processed and committed whose connection is then closed
   * without the answer: the answer is lost, the write is not.
   */
  dropAfter: number;
  /** Share of writes processed and committed that then answer 500: the retry meets its own write. */
  errorAfter: number;
  /** Share of requests delayed, by up to `delayMs`. */
  delay: number;
  delayMs: number;
}

/** What `--chaos on` means. */
export const DEFAULT_CHAOS =
  "429=3%,500=2%,scroll=5%,drop=1%,drop-after=1%,500-after=1%,delay=10%:200ms";

const KEYS: Record<string, keyof ChaosOptions> = {
  "429": "rateLimit",
  "500": "serverError",
  scroll: "scrollRestart",
  drop: "drop",
  "drop-after": "dropAfter",
  "500-after": "errorAfter",
  delay: "delay",
};

function parseShare(text: string, spec: string): number {
  const percent = text.endsWith("%");
  const digits = percent ? text.slice(0, -1) : text;
  const share = Number(digits) / (percent ? 100 : 1);
  // (Number("") is 0: an empty share, or "%" alone, is not one.)
  if (!Number.isFinite(share) || share < 0 || share > 1 || digits.trim() === "") {
    throw new Error(
      `Invalid chaos share "${text}" in "${spec}": use a percentage (5%) or a fraction (0.05).`,
    );
  }
  return share;
}

/**
 * Parses `429=5%,500=2%,scroll=10%,drop=1%,delay=10%:300ms` (any subset, in any order), or
 * `on` for the defaults ({@link DEFAULT_CHAOS}), or `off`.
 */
export function parseChaos(spec: string): ChaosOptions | null {
  const text = spec.trim().toLowerCase();
  if (text === "off" || text === "none" || text === "") return null;
  if (text === "on" || text === "default") return parseChaos(DEFAULT_CHAOS);
  const options: ChaosOptions = {
    rateLimit: 0,
    serverError: 0,
    scrollRestart: 0,
    drop: 0,
    dropAfter: 0,
    errorAfter: 0,
    delay: 0,
    delayMs: 200,
  };
  for (const part of text.split(",")) {
    const [key = "", raw = ""] = part.split("=").map((s) => s.trim());
    const field = KEYS[key];
    if (!field) {
      throw new Error(
        `Unknown chaos fault "${key}" in "${spec}": use 429, 500, scroll, drop, drop-after, 500-after and delay, e.g. "${DEFAULT_CHAOS}".`,
      );
    }
    if (field === "delay") {
      const [share = "", ms] = raw.split(":");
      options.delay = parseShare(share, spec);
      if (ms !== undefined) {
        const match = /^(\d+)(ms|s)?$/.exec(ms);
        if (!match)
          throw new Error(`Invalid chaos delay "${ms}" in "${spec}": use e.g. 300ms or 2s.`);
        options.delayMs = Number(match[1]) * (match[2] === "s" ? 1000 : 1);
      }
    } else {
      options[field] = parseShare(raw, spec);
    }
  }
  if (
    options.rateLimit +
      options.serverError +
      options.drop +
      options.dropAfter +
      options.errorAfter >
    1
  ) {
    throw new Error(
      `Chaos shares of 429, 500, drop, drop-after and 500-after add up to more than 100% in "${spec}".`,
    );
  }
  return options;
}

/** mulberry32: tiny, fast, and good enough to decide faults. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChaosDecision {
  /**
   * Before processing: `rate_limit`, `server_error`, `drop`. After a write is committed:
   * `drop_after` (connection closed, answer lost), `error_after` (500 instead of the answer).
   */
  fault: "rate_limit" | "server_error" | "drop" | "drop_after" | "error_after" | null;
  scrollRestart: boolean;
  delayMs: number;
}

export class Chaos {
  readonly options: ChaosOptions;
  private readonly seed: number;
  private readonly generators = new Map<string, () => number>();

  constructor(options: ChaosOptions, seed: number) {
    this.options = options;
    this.seed = seed;
  }

  /** The faults of the next request of this workspace. Always draws four numbers. */
  decide(workspace: string): ChaosDecision {
    let next = this.generators.get(workspace);
    if (!next) {
      const digest = createHash("sha256").update(`${this.seed}:${workspace}`).digest();
      next = mulberry32(digest.readUInt32LE(0));
      this.generators.set(workspace, next);
    }
    const [fault, scroll, delay, amount] = [next(), next(), next(), next()];
    const o = this.options;
    let kind: ChaosDecision["fault"] = null;
    if (fault < o.rateLimit) kind = "rate_limit";
    else if (fault < o.rateLimit + o.serverError) kind = "server_error";
    else if (fault < o.rateLimit + o.serverError + o.drop) kind = "drop";
    else if (fault < o.rateLimit + o.serverError + o.drop + o.dropAfter) kind = "drop_after";
    else if (fault < o.rateLimit + o.serverError + o.drop + o.dropAfter + o.errorAfter) {
      kind = "error_after";
    }
    return {
      fault: kind,
      scrollRestart: scroll < o.scrollRestart,
      delayMs: delay < o.delay ? Math.round(amount * o.delayMs) : 0,
    };
  }
}
