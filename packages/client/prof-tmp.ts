import createClient from "openapi-fetch";
import { createIntercomClient } from "./dist/index.mjs";

const body = JSON.stringify({
  type: "list",
  data: [{ type: "company", id: "1", name: "x" }],
  pages: {},
  total_count: 1,
});
const headers = { "content-type": "application/json", "x-ratelimit-remaining": "9999" };
const f = async (_i: unknown, _n?: unknown) => new Response(body, { headers });
const H = { Authorization: "Bearer t", "Intercom-Version": "2.7", "User-Agent": "a" };
const bare = createClient<any>({ baseUrl: "https://api.intercom.io", fetch: f as any, headers: H });
const mk = (o: object) =>
  createIntercomClient({ token: "t", fetch: f as any, userAgent: "a", ...o });
const cands: [string, () => Promise<unknown>][] = [
  ["bare", () => bare.GET("/companies", { params: { query: { company_id: "6" } } })],
  [
    "client",
    (
      (c) => () =>
        c.companies.find({ companyId: "6" })
    )(mk({})),
  ],
  [
    "client no timeout",
    (
      (c) => () =>
        c.companies.find({ companyId: "6" })
    )(mk({ timeoutMs: 0 })),
  ],
  [
    "client no throttle",
    (
      (c) => () =>
        c.companies.find({ companyId: "6" })
    )(mk({ throttle: false })),
  ],
  [
    "client raw GET",
    (
      (c) => () =>
        c.GET("/companies", { params: { query: { company_id: "6" } } })
    )(mk({})),
  ],
];
for (let round = 0; round < 4; round++)
  for (const [name, fn] of cands) {
    const n = 20000;
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn();
    if (round > 0) console.log(name, (((performance.now() - t) * 1000) / n).toFixed(1), "us");
  }
