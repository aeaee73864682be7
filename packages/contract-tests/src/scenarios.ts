/** Values scenarios hand on to later ones. */
export interface ScenarioContext {
  /** Unique per run, so runs against a shared target do not collide. */
  runId: string;
  /** Intercom id of the company the suite created. */
  companyId?: string;
  /** The `company_id` the suite defined for it. */
  companyRemoteId?: string;
  companyName?: string;
  /** A contact to attach: `--contact-id`, or one created through the target's `POST /contacts`. */
  contactId?: string;
  /** Set once the contact is attached to the company. */
  attached?: boolean;
  scrollParam?: string;
  /** Set once the company is deleted. */
  deleted?: boolean;
}

export type ContextKey =
  | "companyId"
  | "companyRemoteId"
  | "contactId"
  | "attached"
  | "scrollParam"
  | "deleted";

export interface ScenarioRequest {
  /** Path parameters, substituted into the operation's path. */
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Extra request headers, sent after (and over) the suite's defaults. */
  headers?: Record<string, string>;
}

export interface Scenario {
  /** Stable id: `<operationId>.<name>`. */
  id: string;
  operationId: string;
  /** What the scenario does, for people. */
  title: string;
  /** The status code the scenario provokes. */
  expect: number;
  /** Send the access token (default true). `false` provokes 401. */
  auth?: boolean;
  /** Context values the scenario cannot run without. */
  requires?: ContextKey[];
  /** Context values it sets, for the dependency resolution of `--only`. */
  provides?: ContextKey[];
  /** Part of the clean-up: run whenever what it cleans up exists. */
  cleanup?: boolean;
  request: (ctx: ScenarioContext) => ScenarioRequest;
  /**
   * Reads the answer (status already checked) for values later scenarios need; returns a
   * behaviour problem, which counts only with `checkBehaviour`.
   */
  after?: (ctx: ScenarioContext, body: unknown) => string | undefined;
}

/** Ids no target has; the run id keeps them unique. */
export const missing = (ctx: ScenarioContext, what: string): string =>
  `missing-${what}-${ctx.runId}`;

function field(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

function list(body: unknown): unknown[] | undefined {
  const data = field(body, "data");
  return Array.isArray(data) ? data : undefined;
}

const must = (ctx: ScenarioContext, key: "companyId" | "companyRemoteId" | "contactId"): string => {
  const value = ctx[key];
  // The runner checks `requires` first; reaching this is a bug in the suite.
  if (value === undefined) throw new Error(`Scenario needs ${key}, which is not set`);
  return value;
};

const company = (ctx: ScenarioContext) => ({ id: must(ctx, "companyId") });

/**
 * Padding that takes a body past any sensible size limit (4 MiB). The bodies stay valid against
 * the spec (a Prism mock answers the 413 asked for), and a server that accepts that size touches
 * nothing but the suite's own company, which the suite deletes at the end.
 */
const OVERSIZED_PADDING = "x".repeat(4 * 1024 * 1024);

/**
 * The suite, in a realistic order: create, look up, update, attach, list, scroll, detach,
 * delete, then 404 after delete. Each operation's 401 and 404 come right after its happy path.
 */
export const scenarios: readonly Scenario[] = [
  {
    id: "upsertCompany.create",
    operationId: "upsertCompany",
    title: "create a company",
    expect: 200,
    provides: ["companyId", "companyRemoteId"],
    request: (ctx) => {
      ctx.companyRemoteId = `contract-${ctx.runId}`;
      ctx.companyName = `Contract test ${ctx.runId}`;
      return {
        body: {
          company_id: ctx.companyRemoteId,
          name: ctx.companyName,
          plan: "Pro",
          size: 12,
          website: "https://example.com",
          industry: "Software",
          monthly_spend: 100,
          remote_created_at: 1_717_020_000,
          custom_attributes: { contract_test: true, seats: 12 },
        },
      };
    },
    after: (ctx, body) => {
      const id = field(body, "id");
      if (typeof id !== "string" || id === "")
        return "the answer has no company id to continue with";
      ctx.companyId = id;
      return undefined;
    },
  },
  {
    id: "upsertCompany.update",
    operationId: "upsertCompany",
    title: "upsert the same company_id again (updates it)",
    expect: 200,
    requires: ["companyId", "companyRemoteId"],
    request: (ctx) => ({
      body: { company_id: must(ctx, "companyRemoteId"), industry: "Manufacturing" },
    }),
  },
  {
    id: "upsertCompany.missingCompanyId",
    operationId: "upsertCompany",
    title: "body without the required company_id",
    expect: 400,
    request: () => ({ body: { name: "no company_id" } }),
  },
  {
    id: "upsertCompany.bodyTooLarge",
    operationId: "upsertCompany",
    title: "a 4 MiB body (on the suite's own company)",
    expect: 413,
    requires: ["companyRemoteId"],
    request: (ctx) => ({
      body: {
        company_id: must(ctx, "companyRemoteId"),
        custom_attributes: { contract_padding: OVERSIZED_PADDING },
      },
    }),
  },
  {
    id: "upsertCompany.noToken",
    operationId: "upsertCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    request: (ctx) => ({ body: { company_id: missing(ctx, "company") } }),
  },
  {
    id: "findCompanies.byCompanyId",
    operationId: "findCompanies",
    title: "look up by company_id",
    expect: 200,
    requires: ["companyRemoteId"],
    request: (ctx) => ({ query: { company_id: must(ctx, "companyRemoteId") } }),
  },
  {
    id: "findCompanies.byName",
    operationId: "findCompanies",
    title: "look up by name",
    expect: 200,
    requires: ["companyRemoteId"],
    request: (ctx) => ({ query: { name: ctx.companyName ?? "" } }),
  },
  {
    id: "findCompanies.all",
    operationId: "findCompanies",
    title: "list without a filter, one page of 5",
    expect: 200,
    request: () => ({ query: { page: 1, per_page: 5 } }),
  },
  {
    id: "findCompanies.unknownCompanyId",
    operationId: "findCompanies",
    title: "look up an unknown company_id",
    expect: 404,
    request: (ctx) => ({ query: { company_id: missing(ctx, "company") } }),
  },
  {
    id: "findCompanies.perPageTooLarge",
    operationId: "findCompanies",
    title: "per_page above the maximum of 60",
    expect: 400,
    request: () => ({ query: { per_page: 61 } }),
  },
  {
    id: "findCompanies.noToken",
    operationId: "findCompanies",
    title: "no access token",
    expect: 401,
    auth: false,
    request: () => ({}),
  },
  {
    id: "retrieveCompany.byId",
    operationId: "retrieveCompany",
    title: "retrieve the company",
    expect: 200,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
    after: (ctx, body) =>
      field(body, "id") === ctx.companyId ? undefined : `the answer's id is not ${ctx.companyId}`,
  },
  {
    id: "retrieveCompany.unknownId",
    operationId: "retrieveCompany",
    title: "retrieve an unknown id",
    expect: 404,
    request: (ctx) => ({ params: { id: missing(ctx, "company") } }),
  },
  {
    id: "retrieveCompany.unsupportedVersion",
    operationId: "retrieveCompany",
    title: "an Intercom-Version other than 2.7",
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { "Intercom-Version": "1.0" } }),
  },
  {
    id: "retrieveCompany.noToken",
    operationId: "retrieveCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
  },
  {
    id: "updateCompany.rename",
    operationId: "updateCompany",
    title: "rename the company and change its plan",
    expect: 200,
    requires: ["companyId"],
    request: (ctx) => {
      ctx.companyName = `Contract test ${ctx.runId} (renamed)`;
      return { params: company(ctx), body: { name: ctx.companyName, plan: "Enterprise" } };
    },
  },
  {
    id: "updateCompany.companyIdInBody",
    operationId: "updateCompany",
    title: "body sends company_id, which cannot be changed",
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), body: { company_id: missing(ctx, "company") } }),
  },
  {
    id: "updateCompany.bodyTooLarge",
    operationId: "updateCompany",
    title: "a 4 MiB body (for an unknown id, so nothing is written)",
    expect: 413,
    request: (ctx) => ({
      params: { id: missing(ctx, "company") },
      body: { name: OVERSIZED_PADDING },
    }),
  },
  {
    id: "updateCompany.unknownId",
    operationId: "updateCompany",
    title: "update an unknown id",
    expect: 404,
    request: (ctx) => ({ params: { id: missing(ctx, "company") }, body: { name: "nobody" } }),
  },
  {
    id: "updateCompany.noToken",
    operationId: "updateCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), body: { name: "unauthorized" } }),
  },
  {
    id: "attachContactToCompany.attach",
    operationId: "attachContactToCompany",
    title: "attach the contact to the company",
    expect: 200,
    requires: ["companyId", "contactId"],
    provides: ["attached"],
    request: (ctx) => ({ params: { id: must(ctx, "contactId") }, body: company(ctx) }),
    after: (ctx) => {
      ctx.attached = true;
      return undefined;
    },
  },
  {
    id: "attachContactToCompany.missingId",
    operationId: "attachContactToCompany",
    title: "body without the required company id",
    expect: 400,
    requires: ["contactId"],
    request: (ctx) => ({ params: { id: must(ctx, "contactId") }, body: {} }),
  },
  {
    id: "attachContactToCompany.bodyTooLarge",
    operationId: "attachContactToCompany",
    title: "a 4 MiB body (an unknown company id, so nothing is attached)",
    expect: 413,
    requires: ["contactId"],
    request: (ctx) => ({
      params: { id: must(ctx, "contactId") },
      body: { id: `${missing(ctx, "company")}-${OVERSIZED_PADDING}` },
    }),
  },
  {
    id: "attachContactToCompany.unknownContact",
    operationId: "attachContactToCompany",
    title: "attach an unknown contact",
    expect: 404,
    requires: ["companyId"],
    request: (ctx) => ({ params: { id: missing(ctx, "contact") }, body: company(ctx) }),
  },
  {
    id: "attachContactToCompany.noToken",
    operationId: "attachContactToCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    requires: ["companyId"],
    request: (ctx) => ({
      params: { id: ctx.contactId ?? missing(ctx, "contact") },
      body: company(ctx),
    }),
  },
  {
    id: "listCompanyContacts.list",
    operationId: "listCompanyContacts",
    title: "list the company's contacts",
    expect: 200,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
    after: (ctx, body) => {
      if (!ctx.attached) return undefined;
      const found = list(body)?.some((contact) => field(contact, "id") === ctx.contactId);
      return found ? undefined : `the attached contact ${ctx.contactId} is not listed`;
    },
  },
  {
    id: "listCompanyContacts.unknownId",
    operationId: "listCompanyContacts",
    title: "list the contacts of an unknown company",
    expect: 404,
    request: (ctx) => ({ params: { id: missing(ctx, "company") } }),
  },
  {
    id: "listCompanyContacts.perPageTooLarge",
    operationId: "listCompanyContacts",
    title: "per_page above the maximum of 150",
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), query: { per_page: 151 } }),
  },
  {
    id: "listCompanyContacts.noToken",
    operationId: "listCompanyContacts",
    title: "no access token",
    expect: 401,
    auth: false,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
  },
  {
    id: "listCompanySegments.list",
    operationId: "listCompanySegments",
    title: "list the company's segments",
    expect: 200,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
  },
  {
    id: "listCompanySegments.unknownId",
    operationId: "listCompanySegments",
    title: "list the segments of an unknown company",
    expect: 404,
    request: (ctx) => ({ params: { id: missing(ctx, "company") } }),
  },
  {
    id: "listCompanySegments.unsupportedVersion",
    operationId: "listCompanySegments",
    title: "an Intercom-Version other than 2.7",
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { "Intercom-Version": "1.0" } }),
  },
  {
    id: "listCompanySegments.noToken",
    operationId: "listCompanySegments",
    title: "no access token",
    expect: 401,
    auth: false,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
  },
  {
    id: "listContactCompanies.list",
    operationId: "listContactCompanies",
    title: "list the contact's companies",
    expect: 200,
    requires: ["contactId"],
    request: (ctx) => ({ params: { id: must(ctx, "contactId") } }),
    after: (ctx, body) => {
      if (!ctx.attached) return undefined;
      const found = list(body)?.some((item) => field(item, "id") === ctx.companyId);
      return found ? undefined : `the company ${ctx.companyId} is not listed`;
    },
  },
  {
    id: "listContactCompanies.unknownContact",
    operationId: "listContactCompanies",
    title: "list the companies of an unknown contact",
    expect: 404,
    request: (ctx) => ({ params: { id: missing(ctx, "contact") } }),
  },
  {
    id: "listContactCompanies.perPageTooLarge",
    operationId: "listContactCompanies",
    title: "per_page above the maximum of 150",
    expect: 400,
    requires: ["contactId"],
    request: (ctx) => ({ params: { id: must(ctx, "contactId") }, query: { per_page: 151 } }),
  },
  {
    id: "listContactCompanies.noToken",
    operationId: "listContactCompanies",
    title: "no access token",
    expect: 401,
    auth: false,
    request: (ctx) => ({ params: { id: ctx.contactId ?? missing(ctx, "contact") } }),
  },
  {
    id: "listCompanies.firstPage",
    operationId: "listCompanies",
    title: "list companies, oldest request first",
    expect: 200,
    request: () => ({ query: { page: 1, per_page: 5, order: "asc" } }),
  },
  {
    id: "listCompanies.pastTenThousand",
    operationId: "listCompanies",
    title: "a page starting past the 10,000th company",
    expect: 400,
    request: () => ({ query: { page: 200, per_page: 60 } }),
  },
  {
    id: "listCompanies.noToken",
    operationId: "listCompanies",
    title: "no access token",
    expect: 401,
    auth: false,
    request: () => ({}),
  },
  {
    id: "scrollCompanies.start",
    operationId: "scrollCompanies",
    title: "start a scroll",
    expect: 200,
    provides: ["scrollParam"],
    request: () => ({}),
    after: (ctx, body) => {
      const param = field(body, "scroll_param");
      if (typeof param === "string" && param !== "") ctx.scrollParam = param;
      return undefined;
    },
  },
  {
    id: "scrollCompanies.next",
    operationId: "scrollCompanies",
    title: "fetch the next page with scroll_param",
    expect: 200,
    requires: ["scrollParam"],
    request: (ctx) => ({ query: { scroll_param: ctx.scrollParam ?? "" } }),
  },
  {
    id: "scrollCompanies.unknownParam",
    operationId: "scrollCompanies",
    title: "an unknown scroll_param",
    expect: 404,
    request: (ctx) => ({ query: { scroll_param: missing(ctx, "scroll") } }),
  },
  {
    id: "scrollCompanies.unsupportedVersion",
    operationId: "scrollCompanies",
    title: "an Intercom-Version other than 2.7",
    expect: 400,
    request: () => ({ headers: { "Intercom-Version": "1.0" } }),
  },
  {
    id: "scrollCompanies.noToken",
    operationId: "scrollCompanies",
    title: "no access token",
    expect: 401,
    auth: false,
    request: () => ({}),
  },
  {
    id: "detachContactFromCompany.unsupportedVersion",
    operationId: "detachContactFromCompany",
    title: "an Intercom-Version other than 2.7 (detaches nothing)",
    expect: 400,
    requires: ["companyId", "contactId"],
    request: (ctx) => ({
      params: { contact_id: must(ctx, "contactId"), id: must(ctx, "companyId") },
      headers: { "Intercom-Version": "1.0" },
    }),
  },
  {
    id: "detachContactFromCompany.detach",
    operationId: "detachContactFromCompany",
    title: "detach the contact from the company",
    expect: 200,
    requires: ["companyId", "contactId", "attached"],
    request: (ctx) => ({
      params: { contact_id: must(ctx, "contactId"), id: must(ctx, "companyId") },
    }),
    after: (ctx) => {
      ctx.attached = false;
      return undefined;
    },
  },
  {
    id: "detachContactFromCompany.unknownContact",
    operationId: "detachContactFromCompany",
    title: "detach an unknown contact",
    expect: 404,
    requires: ["companyId"],
    request: (ctx) => ({
      params: { contact_id: missing(ctx, "contact"), id: must(ctx, "companyId") },
    }),
  },
  {
    id: "detachContactFromCompany.noToken",
    operationId: "detachContactFromCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    requires: ["companyId"],
    request: (ctx) => ({
      params: { contact_id: ctx.contactId ?? missing(ctx, "contact"), id: must(ctx, "companyId") },
    }),
  },
  {
    id: "deleteCompany.unsupportedVersion",
    operationId: "deleteCompany",
    title: "an Intercom-Version other than 2.7 (deletes nothing)",
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { "Intercom-Version": "1.0" } }),
  },
  {
    id: "deleteCompany.noToken",
    operationId: "deleteCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
  },
  {
    id: "deleteCompany.delete",
    operationId: "deleteCompany",
    title: "delete the company",
    expect: 200,
    requires: ["companyId"],
    cleanup: true,
    provides: ["deleted"],
    request: (ctx) => ({ params: company(ctx) }),
    after: (ctx, body) => {
      ctx.deleted = true;
      if (field(body, "id") !== ctx.companyId) return `the answer's id is not ${ctx.companyId}`;
      return field(body, "deleted") === true ? undefined : "the answer does not say deleted: true";
    },
  },
  {
    id: "retrieveCompany.afterDelete",
    operationId: "retrieveCompany",
    title: "retrieve the deleted company",
    expect: 404,
    requires: ["companyId", "deleted"],
    request: (ctx) => ({ params: company(ctx) }),
  },
  {
    id: "deleteCompany.again",
    operationId: "deleteCompany",
    title: "delete the deleted company again",
    expect: 404,
    requires: ["companyId", "deleted"],
    request: (ctx) => ({ params: company(ctx) }),
  },
];

/**
 * Statuses no client can provoke on demand: rate limits (429) and server faults (5xx). They are
 * reported as "not provokable" and left out of the coverage that must be full.
 */
export function isProvokable(status: number): boolean {
  return status !== 429 && status < 500;
}
