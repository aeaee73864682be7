// companyChanges on its own: how a validated company body becomes store changes.
import { describe, expect, it } from "vitest";
import { companyChanges } from "../src/present.ts";

describe("companyChanges", () => {
  it("takes name, plan and custom attributes by their rules, every other property as a field", () => {
    expect(
      companyChanges({
        company_id: "a",
        name: "Acme",
        plan: "Pro",
        custom_attributes: { seats: 9 },
        size: 5,
        website: undefined,
        industry: null,
      }),
    ).toEqual({
      name: "Acme",
      plan: "Pro",
      customAttributes: { seats: 9 },
      fields: { size: 5, industry: null },
    });
  });

  it("has no fields, and no custom attributes, when the body sends none", () => {
    expect(companyChanges({ company_id: "a" })).toEqual({});
    expect(companyChanges({ company_id: "a", custom_attributes: null })).toEqual({});
    expect(companyChanges({ company_id: "a", custom_attributes: "no" })).toEqual({});
    expect(companyChanges({ name: 5, plan: false })).toEqual({});
  });
});
