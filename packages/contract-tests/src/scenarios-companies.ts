// Scenarios of the company operations: create, upsert again, look up, retrieve, update, delete.
import { itemsOf, merge, reflects, sampleBody } from "./behaviour.ts";
import {
  type Answer,
  company,
  field,
  isRecord,
  missing,
  must,
  type Scenario,
  type ScenarioContext,
} from "./scenario-types.ts";

/** An `Authorization` header of the wrong scheme, and one with the scheme but no token. */
const WRONG_SCHEME = "Basic Y29udHJhY3Q6dGVzdA==";
const NO_CREDENTIALS = "Bearer";
/** An `Intercom-Version` the spec does not describe. */
const UNKNOWN_VERSION = "9.99";

const padding = (ctx: ScenarioContext) => "x".repeat(ctx.oversizedBytes);

function bodySchema(ctx: ScenarioContext, operationId: string) {
  const body = ctx.spec.operation(operationId).requestBody;
  if (!body) throw new Error(`The spec declares no request body for ${operationId}`);
  return ctx.spec.deref(body.schema);
}

const remoteId = (ctx: ScenarioContext, n: number) =>
  n === 1 ? `contract-${ctx.runId}` : `contract-${ctx.runId}-peer${n}`;

/** The create body of company `n`: a value for every property of the spec's request body. */
function createBody(ctx: ScenarioContext, n: number): Record<string, unknown> {
  return { ...sampleBody(bodySchema(ctx, "upsertCompany"), ctx, n), company_id: remoteId(ctx, n) };
}

/** The create body, noted for the clean-up before it is sent. */
function sending(ctx: ScenarioContext, n: number): Record<string, unknown> {
  const id = remoteId(ctx, n);
  if (!ctx.sentCompanyIds.includes(id)) ctx.sentCompanyIds.push(id);
  return createBody(ctx, n);
}

/** Every other scalar field of `body` (`parity` 0 or 1), so a write changes some and keeps others. */
function half(body: Record<string, unknown>, parity: number): Record<string, unknown> {
  const scalars = Object.entries(body).filter(([k, v]) => !isRecord(v) && k !== "company_id");
  return Object.fromEntries(scalars.filter((_, i) => i % 2 === parity));
}

// The variants of the sample values: 1 to 3 are the created companies; the later writes of the
// suite's company take values of their own, so that it never holds a peer's name (a look-up by
// name must find it alone).
const UPSERT_AGAIN = 4;
const UPDATE = 5;

/** The second upsert: half the fields changed, one new custom attribute (the others must stay). */
const upsertAgainBody = (ctx: ScenarioContext) => ({
  ...half(sampleBody(bodySchema(ctx, "upsertCompany"), ctx, UPSERT_AGAIN), 1),
  company_id: must(ctx, "companyRemoteId"),
  custom_attributes: { contract_again: true },
});

/** The update: the other half changed, the name among them. */
const updateBody = (ctx: ScenarioContext) => {
  const body = half(sampleBody(bodySchema(ctx, "updateCompany"), ctx, UPDATE), 0);
  return { ...body, name: `${ctx.companyName ?? "Contract"} (renamed)` };
};

/**
 * Notes a write of the suite's company: what it must hold now, and its name when the write
 * changed it (which half of the fields a write changes depends on the order of the spec's
 * properties, so any write may rename it; the look-up by name asks for the current one).
 */
function wrote(ctx: ScenarioContext, change: Record<string, unknown>): void {
  ctx.written = merge(ctx.written, change);
  if (typeof change.name !== "string") return;
  ctx.companyName = change.name;
  const own = ctx.created.find((c) => c.id === ctx.companyId);
  if (own) own.name = change.name;
}

/** Problems of an answer that should be the suite's own company, holding what was written. */
function isOurs(ctx: ScenarioContext, body: unknown, where: string): string[] {
  const id = field(body, "id");
  if (id !== ctx.companyId)
    return [`${where}: answered company ${String(id)}, not ${ctx.companyId}`];
  return reflects(ctx.written, body, where);
}

/** A look-up must answer a list holding exactly the company asked for. */
function lookedUp(ctx: ScenarioContext, answer: Answer, by: string): string[] {
  const items = itemsOf(answer.body);
  const where = `the look-up by ${by}`;
  if (items.length !== 1 || field(answer.body, "total_count") !== 1)
    return [
      `${where} answered ${items.length} companies (total_count ${String(field(answer.body, "total_count"))}), not exactly the one asked for`,
    ];
  return isOurs(ctx, items[0], where);
}

export const companyScenarios: readonly Scenario[] = [
  {
    id: "upsertCompany.create",
    operationId: "upsertCompany",
    title: "create a company, writing every field of the request body",
    expect: 200,
    writes: true,
    provides: ["companyId", "companyRemoteId"],
    request: (ctx) => {
      const body = sending(ctx, 1);
      ctx.companyRemoteId = remoteId(ctx, 1);
      ctx.companyName = typeof body.name === "string" ? body.name : undefined;
      return { body };
    },
    after: (ctx, { body }) => {
      const id = field(body, "id");
      if (typeof id !== "string" || id === "")
        return "the answer has no company id to continue with";
      ctx.companyId = id;
      ctx.written = merge({}, createBody(ctx, 1));
      ctx.created.push({ id, companyId: remoteId(ctx, 1), name: ctx.companyName ?? "" });
      return undefined;
    },
    check: (ctx, { body }) => isOurs(ctx, body, "the created company"),
  },
  {
    id: "upsertCompany.createPeers",
    operationId: "upsertCompany",
    title: "create two more companies, so that lists have pages",
    expect: 200,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ body: sending(ctx, 2) }),
    after: (ctx, { body }) => {
      const id = field(body, "id");
      if (typeof id === "string")
        ctx.created.push({ id, companyId: remoteId(ctx, 2), name: String(field(body, "name")) });
      return undefined;
    },
    check: async (ctx, { body }, io) => {
      const problems = reflects(createBody(ctx, 2), body, "the second company");
      const third = await io.send({ body: sending(ctx, 3) }, "the third company");
      const id = field(third?.body, "id");
      if (third?.status !== 200 || typeof id !== "string")
        return [...problems, `creating the third company answered ${third?.status ?? "nothing"}`];
      ctx.created.push({
        id,
        companyId: remoteId(ctx, 3),
        name: String(field(third.body, "name")),
      });
      if (ctx.created.some((c, i) => ctx.created.findIndex((d) => d.id === c.id) !== i))
        problems.push("companies with different company_ids got the same id");
      return [...problems, ...reflects(createBody(ctx, 3), third.body, "the third company")];
    },
  },
  {
    id: "upsertCompany.update",
    operationId: "upsertCompany",
    title: "upsert the same company_id again (updates it, merging custom_attributes)",
    expect: 200,
    writes: true,
    requires: ["companyId", "companyRemoteId"],
    request: (ctx) => ({ body: upsertAgainBody(ctx) }),
    after: (ctx) => {
      wrote(ctx, upsertAgainBody(ctx));
      return undefined;
    },
    check: (ctx, { body }) => {
      const id = field(body, "id");
      if (id !== ctx.companyId)
        return [
          `the second upsert of company_id ${ctx.companyRemoteId} answered company ${String(id)}, not ${ctx.companyId}: it created a second company`,
        ];
      return reflects(ctx.written, body, "the upserted company");
    },
  },
  {
    id: "upsertCompany.missingCompanyId",
    operationId: "upsertCompany",
    title: "body without the required company_id",
    expect: 400,
    writes: true,
    request: () => ({ body: { name: "no company_id" } }),
  },
  {
    id: "upsertCompany.bodyTooLarge",
    operationId: "upsertCompany",
    title: "an oversized body (on the suite's own company)",
    expect: 413,
    writes: true,
    requires: ["companyRemoteId"],
    request: (ctx) => ({
      body: {
        company_id: must(ctx, "companyRemoteId"),
        custom_attributes: { contract_padding: padding(ctx) },
      },
    }),
  },
  {
    id: "upsertCompany.noToken",
    operationId: "upsertCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    writes: true,
    request: (ctx) => ({ body: { company_id: missing(ctx, "company") } }),
  },
  {
    id: "upsertCompany.wrongScheme",
    operationId: "upsertCompany",
    title: "credentials of another scheme (Basic)",
    expect: 401,
    writes: true,
    request: (ctx) => ({
      body: { company_id: missing(ctx, "company") },
      headers: { Authorization: WRONG_SCHEME },
    }),
  },
  {
    id: "findCompanies.all",
    operationId: "findCompanies",
    title: "list without a filter, one page of 5",
    expect: 200,
    request: () => ({ query: { page: 1, per_page: 5 } }),
    after: (ctx, { body }) => {
      // Read-only runs take the company to look up from what the target holds.
      const first = itemsOf(body)[0];
      if (ctx.readOnly && ctx.companyId === undefined && first) {
        ctx.companyId = String(first.id);
        ctx.companyRemoteId = String(first.company_id);
        ctx.companyName = typeof first.name === "string" ? first.name : undefined;
      }
      return undefined;
    },
  },
  {
    id: "findCompanies.byCompanyId",
    operationId: "findCompanies",
    title: "look up by company_id",
    expect: 200,
    requires: ["companyRemoteId"],
    request: (ctx) => ({ query: { company_id: must(ctx, "companyRemoteId") } }),
    check: (ctx, answer) => lookedUp(ctx, answer, `company_id ${ctx.companyRemoteId}`),
  },
  {
    id: "findCompanies.byName",
    operationId: "findCompanies",
    title: "look up by name",
    expect: 200,
    requires: ["companyRemoteId"],
    request: (ctx) => ({ query: { name: ctx.companyName ?? "" } }),
    check: (ctx, answer) => lookedUp(ctx, answer, `name ${ctx.companyName}`),
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
    title: "per_page above its maximum",
    expect: 400,
    request: (ctx) => ({
      query: { per_page: (ctx.spec.operation("findCompanies").pagination?.maxPerPage ?? 60) + 1 },
    }),
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
    check: (ctx, { body }) => isOurs(ctx, body, "the retrieved company"),
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
    title: `an unknown Intercom-Version (${UNKNOWN_VERSION})`,
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { "Intercom-Version": UNKNOWN_VERSION } }),
  },
  {
    id: "retrieveCompany.noVersion",
    operationId: "retrieveCompany",
    title: "no Intercom-Version header (it is optional)",
    expect: 200,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { "Intercom-Version": null } }),
    check: (ctx, { body }) => isOurs(ctx, body, "the company retrieved without Intercom-Version"),
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
    id: "retrieveCompany.noCredentials",
    operationId: "retrieveCompany",
    title: "an Authorization header with the scheme and no token",
    expect: 401,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { Authorization: NO_CREDENTIALS } }),
  },
  {
    id: "updateCompany.rename",
    operationId: "updateCompany",
    title: "update half of the fields, the name among them",
    expect: 200,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), body: updateBody(ctx) }),
    after: (ctx) => {
      wrote(ctx, updateBody(ctx));
      return undefined;
    },
    check: (ctx, { body }) => isOurs(ctx, body, "the updated company"),
  },
  {
    id: "updateCompany.companyIdInBody",
    operationId: "updateCompany",
    title: "body sends company_id, which cannot be changed",
    expect: 400,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), body: { company_id: missing(ctx, "company") } }),
  },
  {
    id: "updateCompany.bodyTooLarge",
    operationId: "updateCompany",
    title: "an oversized body (for an unknown id, so nothing is written)",
    expect: 413,
    writes: true,
    request: (ctx) => ({ params: { id: missing(ctx, "company") }, body: { name: padding(ctx) } }),
  },
  {
    id: "updateCompany.unknownId",
    operationId: "updateCompany",
    title: "update an unknown id",
    expect: 404,
    writes: true,
    request: (ctx) => ({ params: { id: missing(ctx, "company") }, body: { name: "nobody" } }),
  },
  {
    id: "updateCompany.noToken",
    operationId: "updateCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), body: { name: "unauthorized" } }),
  },
  {
    id: "retrieveCompany.afterUpdate",
    operationId: "retrieveCompany",
    title: "retrieve the company again: it holds every write",
    expect: 200,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
    check: (ctx, { body }) => isOurs(ctx, body, "the company retrieved after the writes"),
  },
];

export const deleteScenarios: readonly Scenario[] = [
  {
    id: "deleteCompany.unsupportedVersion",
    operationId: "deleteCompany",
    title: `an unknown Intercom-Version (${UNKNOWN_VERSION}; deletes nothing)`,
    expect: 400,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { "Intercom-Version": UNKNOWN_VERSION } }),
  },
  {
    id: "deleteCompany.noToken",
    operationId: "deleteCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
  },
  {
    id: "deleteCompany.delete",
    operationId: "deleteCompany",
    title: "delete the company",
    expect: 200,
    writes: true,
    requires: ["companyId"],
    cleanup: true,
    provides: ["deleted"],
    request: (ctx) => ({ params: company(ctx) }),
    after: (ctx) => {
      ctx.deleted = true;
      ctx.deletedIds.push(must(ctx, "companyId"));
      return undefined;
    },
    check: (ctx, { body }) => {
      if (field(body, "id") !== ctx.companyId)
        return [`the deletion answered id ${String(field(body, "id"))}, not ${ctx.companyId}`];
      return field(body, "deleted") === true ? [] : ["the deletion does not say deleted: true"];
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
    writes: true,
    requires: ["companyId", "deleted"],
    request: (ctx) => ({ params: company(ctx) }),
  },
];
