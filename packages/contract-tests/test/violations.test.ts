import { describe, expect, it } from "vitest";
import { fromPrism, parseViolationHeader, readViolations, toJsonPath } from "../src/violations.ts";

describe("sl-violations header", () => {
  const entries = [
    {
      location: ["request"],
      severity: "Error",
      code: 401,
      message: "Invalid security scheme used",
    },
    {
      location: ["response", "body", "data", "0", "created_at"],
      severity: "Error",
      code: "type",
      message: "Response body property data.0.created_at must be integer",
    },
  ];

  it("splits request notes from violations of the answer", () => {
    const { response, request } = readViolations(JSON.stringify(entries));
    expect(request).toEqual(["request: Invalid security scheme used"]);
    expect(response).toEqual([
      {
        kind: "body",
        path: "$.data[0].created_at",
        message: "must be integer",
        severity: "error",
        code: "type",
      },
    ]);
  });

  it("reads nothing from an absent header", () => {
    expect(readViolations(null)).toEqual({ response: [], request: [] });
  });

  it("recovers the complete entries of a header Prism cut at 8 KB, and says so", () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      location: ["response", "body", `field${i}`],
      severity: "Error",
      code: "type",
      message: `Response body property field${i} must be string`,
    }));
    const full = JSON.stringify(many);
    const cut = `Too many violations! ${full.slice(0, 5000)}`;
    const { entries: parsed, truncated } = parseViolationHeader(cut);
    expect(truncated).toBe(true);
    expect(parsed.length).toBeGreaterThan(10);
    expect(parsed.length).toBeLessThan(80);
    expect(parsed[0]).toEqual(many[0]);
    const { response } = readViolations(cut);
    expect(response.at(-1)?.message).toMatch(/cut its violation list/);
  });

  it("names each kind of violation", () => {
    expect(
      fromPrism({
        location: ["response", "body"],
        severity: "Error",
        code: "required",
        message: "Response body must have required property 'app_id'",
      }),
    ).toMatchObject({
      kind: "body",
      path: "$.app_id",
      message: "must have required property 'app_id'",
    });
    expect(
      fromPrism({
        location: ["response", "header", "x-ratelimit-remaining"],
        severity: "Error",
        code: "type",
        message: "Response header parameter x-ratelimit-remaining must be integer",
      }),
    ).toMatchObject({
      kind: "header",
      path: "header x-ratelimit-remaining",
      message: "must be integer",
    });
    expect(
      fromPrism({
        location: ["response"],
        severity: "Warning",
        message:
          "Unable to match the returned status code with those defined in the document: 200,401",
      }),
    ).toMatchObject({ kind: "status", severity: "warning" });
    expect(
      fromPrism({
        location: ["response"],
        severity: "Error",
        message:
          'The received media type "text/plain" does not match the one specified in the current response: application/json',
      }),
    ).toMatchObject({ kind: "content-type", path: "content-type" });
  });

  it("writes JSON paths for any property name", () => {
    expect(toJsonPath([])).toBe("$");
    expect(toJsonPath(["data", "12", "custom_attributes", "team mates"])).toBe(
      '$.data[12].custom_attributes["team mates"]',
    );
  });
});
