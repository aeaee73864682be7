// What bench/run.ts and bench/candidate.ts share: the candidates, the answer, the load.

export const TOKEN = "bench-token";
export const IN_FLIGHT = 50;

export const CANDIDATES = [
  "@intercom-toolkit/client",
  "@intercom-toolkit/client on fetch",
  "openapi-fetch (bare)",
  "fetch (raw)",
  "intercom-client (official)",
] as const;
export type CandidateName = (typeof CANDIDATES)[number];

/** One company list, as GET /companies?company_id=6 answers it. */
export const BODY = JSON.stringify({
  type: "list",
  data: [
    {
      type: "company",
      company_id: "6",
      id: "531ee472cce572a6ec000006",
      app_id: "ecahpwf5",
      name: "Blue Sun",
      plan: { type: "plan", id: "269315", name: "Pro" },
      remote_created_at: 1663597223,
      created_at: 1663597223,
      updated_at: 1663597223,
      last_request_at: 1663597223,
      size: 100,
      website: "https://www.intercom.com",
      industry: "Software",
      monthly_spend: 100,
      session_count: 100,
      user_count: 100,
      custom_attributes: { paid_subscriber: true, monthly_spend: 155.5, team_mates: 9 },
      tags: { type: "tag.list", tags: [{ type: "tag", id: "2084335", name: "enterprise" }] },
      segments: { type: "segment.list", segments: [] },
    },
  ],
  pages: { type: "pages", next: null, page: 1, per_page: 15, total_pages: 1 },
  total_count: 1,
});
