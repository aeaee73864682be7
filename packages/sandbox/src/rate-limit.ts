// Per-workspace rate limits the way Intercom applies them: a per-minute allowance spread over
// 10-second windows, so a burst cannot spend the whole minute at once.

export interface RateLimit {
  /** Requests allowed in one window. */
  limit: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

/** Intercom's default for private apps: 10,000 per minute, counted in 10-second windows. */
export const DEFAULT_RATE_LIMIT = "10000/1m";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parses `<requests>/<window>` (`100/10s`, `10000/1m`, `500/30s`) or `off`. A window longer
 * than 10 seconds is split into 10-second windows with the matching share of the requests.
 */
export function parseRateLimit(text: string): RateLimit | null {
  const value = text.trim().toLowerCase();
  if (value === "off" || value === "none" || value === "false") return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*([smh])$/.exec(value);
  if (!match) {
    throw new Error(
      `Invalid rate limit "${text}": use <requests>/<window> such as 100/10s or 10000/1m, or "off".`,
    );
  }
  const requests = Number(match[1]);
  const seconds = Number(match[2] || "1") * (UNITS[match[3] as string] ?? 1);
  if (requests < 1 || seconds < 1) {
    throw new Error(`Invalid rate limit "${text}": requests and window must both be at least 1.`);
  }
  if (seconds <= 10) return { limit: requests, windowSeconds: seconds };
  return { limit: Math.max(1, Math.floor((requests * 10) / seconds)), windowSeconds: 10 };
}
