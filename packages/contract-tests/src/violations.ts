/** Where a violation was found. */
export type ViolationKind =
  /** The answer's status code is not declared for the operation. */
  | "status"
  /** The answer's body does not match its schema. */
  | "body"
  /** An answer header does not match its schema. */
  | "header"
  /** The answer's media type is not the declared one. */
  | "content-type"
  /** The answer did not match what the scenario provoked (e.g. 200 where 401 was due). */
  | "expectation"
  /** An error's `code` is not one the spec documents for the answer's status. */
  | "error-code"
  /** Prism could not read the answer (a body that is not JSON, an empty body): what the target sent. */
  | "unreadable"
  /** The answer does not agree with what the suite did (a field it wrote, a page it asked for). */
  | "behaviour"
  /** Anything else Prism reported about the answer. */
  | "other";

/** One way in which the target's answer breaks the spec. */
export interface Violation {
  kind: ViolationKind;
  /** JSON path into the body (`$.data[0].id`), `header X-Name`, or `status`/`content-type`. */
  path: string;
  /** What was expected, e.g. `must be integer` or `must have required property 'app_id'`. */
  message: string;
  /** Prism's severity (`error` or `warning`); both count as violations. */
  severity: "error" | "warning";
  /** Prism's (or AJV's) code, such as `type` or `required`, when there is one. */
  code?: string;
}

/** An entry of Prism's `sl-violations` header. */
export interface PrismViolation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

const TRUNCATED = "Too many violations! ";

/**
 * Parses Prism's `sl-violations` header. Prism cuts the header at about 8 KB and prefixes it
 * with "Too many violations!"; the complete entries before the cut are recovered.
 */
export function parseViolationHeader(value: string | null): {
  entries: PrismViolation[];
  truncated: boolean;
} {
  if (value === null || value === "") return { entries: [], truncated: false };
  const truncated = value.startsWith(TRUNCATED);
  const json = truncated ? value.slice(TRUNCATED.length) : value;
  const parsed = tryParseArray(json);
  if (parsed !== undefined) return { entries: parsed, truncated };
  // Cut mid-entry (or right after one): back off to the last `}` that closes a complete entry.
  for (let end = json.lastIndexOf("}"); end > 0; end = json.lastIndexOf("}", end - 1)) {
    const recovered = tryParseArray(`${json.slice(0, end + 1)}]`);
    if (recovered !== undefined) return { entries: recovered, truncated: true };
  }
  return { entries: [], truncated: true };
}

function tryParseArray(text: string): PrismViolation[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return undefined;
    return value.filter(
      (entry): entry is PrismViolation =>
        typeof entry === "object" &&
        entry !== null &&
        Array.isArray((entry as PrismViolation).location) &&
        typeof (entry as PrismViolation).message === "string",
    );
  } catch {
    return undefined;
  }
}

/** `["data","0","id"]` → `$.data[0].id`. */
export function toJsonPath(segments: readonly string[]): string {
  let path = "$";
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** Prism prefixes AJV's message with where it is ("Response body property data.0.id "); drop it. */
function stripPrismPrefix(message: string, section: string, rest: readonly string[]): string {
  const where =
    rest.length > 0 ? `${section === "body" ? "property" : "parameter"} ${rest.join(".")} ` : "";
  const prefix = `Response ${section} ${where}`;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** Turns one entry of the `sl-violations` header about the answer into a `Violation`. */
export function fromPrism(entry: PrismViolation): Violation {
  const [, section, ...rest] = entry.location;
  const severity = entry.severity.toLowerCase() === "error" ? "error" : "warning";
  const code = entry.code === undefined || entry.code === "" ? undefined : String(entry.code);
  if (section === "body") {
    // AJV points a missing property at its parent; point at the property itself.
    const missing =
      code === "required" ? /required property '([^']+)'/.exec(entry.message)?.[1] : undefined;
    return {
      kind: "body",
      path: toJsonPath(missing === undefined ? rest : [...rest, missing]),
      message: stripPrismPrefix(entry.message, "body", rest),
      severity,
      code,
    };
  }
  if (section === "header") {
    return {
      kind: "header",
      path: `header ${rest.join(".")}`,
      message: stripPrismPrefix(entry.message, "header", rest),
      severity,
      code,
    };
  }
  if (entry.message.startsWith("Unable to match the returned status code")) {
    return { kind: "status", path: "status", message: entry.message, severity, code };
  }
  if (entry.message.startsWith("The received media type")) {
    return { kind: "content-type", path: "content-type", message: entry.message, severity, code };
  }
  return { kind: "other", path: entry.location.join("."), message: entry.message, severity, code };
}

/** Splits the `sl-violations` header into violations of the answer and notes about the request. */
export function readViolations(header: string | null): {
  response: Violation[];
  request: string[];
} {
  const { entries, truncated } = parseViolationHeader(header);
  const response: Violation[] = [];
  const request: string[] = [];
  for (const entry of entries) {
    if (entry.location[0] === "response") response.push(fromPrism(entry));
    else request.push(`${entry.location.join(".")}: ${entry.message}`);
  }
  if (truncated) {
    response.push({
      kind: "other",
      path: "sl-violations",
      message:
        "Prism cut its violation list at 8 KB: more violations exist than are shown (see --prism-log).",
      severity: "error",
    });
  }
  return { response, request };
}
