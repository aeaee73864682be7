import { describe, expect, it } from "vitest";
import { fixHeadingLevels } from "../src/integrations/heading-levels.ts";

describe("fixHeadingLevels", () => {
  it("lowers example headings to one below the previous heading", () => {
    const html =
      '<h2 id="a">Responses</h2><h3>200</h3><h5 class="sl-openapi-examples-heading x">Examples</h5><h4>Headers</h4><h5 class="sl-openapi-examples-heading">Example</h5>';
    expect(fixHeadingLevels(html)).toBe(
      '<h2 id="a">Responses</h2><h3>200</h3><h4 class="sl-openapi-examples-heading x">Examples</h4><h4>Headers</h4><h5 class="sl-openapi-examples-heading">Example</h5>',
    );
  });

  it("leaves every other heading alone", () => {
    const html = "<h1>T</h1><h3>skipped on purpose</h3><h5 class='other'>x</h5>";
    expect(fixHeadingLevels(html)).toBe(html);
  });
});
