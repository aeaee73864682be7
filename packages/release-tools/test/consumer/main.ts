// A first program a user writes after `npm install @intercom-toolkit/client`: run against the
// sandbox, type-checked with tsc before it runs.
import { createIntercomClient } from "@intercom-toolkit/client";

const baseUrl = process.argv[2];
if (baseUrl === undefined) throw new Error("usage: node main.ts <sandbox url>");

const client = createIntercomClient({ token: "release-check-token", baseUrl });

const created = await client.POST("/companies", {
  body: { company_id: "release-check", name: "Release check", size: 12 },
});
if (created.data === undefined) throw new Error(`upsert failed: ${JSON.stringify(created.error)}`);
const id: string = created.data.id;

const fetched = await client.GET("/companies/{id}", { params: { path: { id } } });
if (fetched.data === undefined)
  throw new Error(`retrieve failed: ${JSON.stringify(fetched.error)}`);
const name: string | null = fetched.data.name;
const size: number | null | undefined = fetched.data.size;

const missing = await client.GET("/companies/{id}", {
  params: { path: { id: "no-such-company" } },
});
const code: string | undefined = missing.error?.errors[0]?.code;

console.log(JSON.stringify({ id, name, size, missing: code, status: missing.response.status }));
