// Expressive Code options, here rather than in astro.config.mjs because starlight-openapi 0.26
// replaces Starlight's inline `expressiveCode` options with its own.
import { defineEcConfig } from "@astrojs/starlight/expressive-code";

export default defineEcConfig({
  // Long lines wrap instead of scrolling: scrolling code blocks trip keyboard users and axe-core.
  defaultProps: { wrap: true },
});
