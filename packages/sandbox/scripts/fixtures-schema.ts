// Writes fixtures.schema.json (the JSON Schema of a --fixtures file) from the bundled spec; run
// by `pnpm build`. test/fixtures-schema.test.ts fails when the committed file differs.
import { writeFileSync } from "node:fs";
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { fixturesSchema, formatSchema } from "../src/fixtures-schema.ts";

const target = new URL("../fixtures.schema.json", import.meta.url);
writeFileSync(target, formatSchema(fixturesSchema(loadSpecModel())));
