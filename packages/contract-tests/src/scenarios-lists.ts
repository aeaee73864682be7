// Scenarios of attaching, listing, scrolling and detaching.
import {
  checkSorted,
  itemsOf,
  listsEach,
  reflects,
  type Walk,
  walkPages,
  walkScroll,
} from "./behaviour.ts";
import {
  type Answer,
  company,
  contactOrMissing,
  field,
  missing,
  must,
  type Scenario,
  type ScenarioContext,
  type ScenarioIO,
  type ScenarioRequest,
} from "./scenario-types.ts";

/** Small pages, so that the suite's own companies span more than one. */
const SMALL_PAGE = 2;
const UNKNOWN_VERSION = "9.99";

const maxPerPage = (ctx: ScenarioContext, operationId: string) =>
  ctx.spec.operation(operationId).pagination?.maxPerPage ?? 150;

/** The suite's companies that should be listed: attached (for lists) and not deleted. */
const listed = (ctx: ScenarioContext) =>
  ctx.attachedTo.filter((id) => !ctx.deletedIds.includes(id));

async function walk(
  answer: Answer,
  io: ScenarioIO,
  operationId: string,
  request: ScenarioRequest,
  label: string,
): Promise<Walk> {
  return walkPages(answer, io, { op: io.operation(operationId), request, label });
}

/** A walked list of companies must hold each of `ids` once, and ours as written. */
function holdsOurs(ctx: ScenarioContext, result: Walk, ids: readonly string[], label: string) {
  if (!result.complete) return result.problems;
  const own = result.items.find((item) => item.id === ctx.companyId);
  return [
    ...result.problems,
    ...listsEach(result.items, ids, "company", label),
    ...(own && !ctx.deleted ? reflects(ctx.written, own, `${label}, the suite's company`) : []),
  ];
}

const attachedAnswer = (body: unknown, id: string, label: string) => {
  const problems: string[] = [];
  if (field(body, "id") !== id)
    problems.push(`${label} answered company ${String(field(body, "id"))}, not ${id}`);
  const users = field(body, "user_count");
  if (typeof users === "number" && users < 1)
    problems.push(`${label} answered user_count ${users}: the contact was not attached`);
  return problems;
};

const listRequest = (
  ctx: ScenarioContext,
  query: Record<string, string | number>,
  operationId: string,
) => ({
  operationId,
  params: {
    id: operationId === "listContactCompanies" ? must(ctx, "contactId") : must(ctx, "companyId"),
  },
  query,
});

export const attachScenarios: readonly Scenario[] = [
  {
    id: "attachContactToCompany.attach",
    operationId: "attachContactToCompany",
    title: "attach the contact to the company",
    expect: 200,
    writes: true,
    requires: ["companyId", "contactId"],
    provides: ["attached"],
    request: (ctx) => ({ params: { id: must(ctx, "contactId") }, body: company(ctx) }),
    after: (ctx) => {
      ctx.attached = true;
      ctx.attachedTo.push(must(ctx, "companyId"));
      return undefined;
    },
    check: (ctx, { body }) => [
      ...attachedAnswer(body, must(ctx, "companyId"), "the attachment"),
      ...reflects(ctx.written, body, "the attachment's company"),
    ],
  },
  {
    id: "attachContactToCompany.attachPeers",
    operationId: "attachContactToCompany",
    title: "attach the contact to the two other companies, so that they are listed",
    expect: 200,
    writes: true,
    requires: ["companyId", "contactId"],
    request: (ctx) => ({
      params: { id: must(ctx, "contactId") },
      body: { id: ctx.created[1]?.id ?? must(ctx, "companyId") },
    }),
    after: (ctx) => {
      const peer = ctx.created[1]?.id;
      if (peer && !ctx.attachedTo.includes(peer)) ctx.attachedTo.push(peer);
      return undefined;
    },
    check: async (ctx, { body }, io) => {
      const second = ctx.created[1]?.id ?? "";
      const problems = attachedAnswer(body, second, "attaching the second company");
      const third = ctx.created[2]?.id;
      if (!third) return problems;
      const answer = await io.send(
        { params: { id: must(ctx, "contactId") }, body: { id: third } },
        "attaching the third company",
      );
      if (answer?.status === 200) ctx.attachedTo.push(third);
      return [...problems, ...attachedAnswer(answer?.body, third, "attaching the third company")];
    },
  },
  {
    id: "attachContactToCompany.missingId",
    operationId: "attachContactToCompany",
    title: "body without the required company id",
    expect: 400,
    writes: true,
    requires: ["contactId"],
    request: (ctx) => ({ params: { id: must(ctx, "contactId") }, body: {} }),
  },
  {
    id: "attachContactToCompany.bodyTooLarge",
    operationId: "attachContactToCompany",
    title: "an oversized body (an unknown company id, so nothing is attached)",
    expect: 413,
    writes: true,
    requires: ["contactId"],
    request: (ctx) => ({
      params: { id: must(ctx, "contactId") },
      body: { id: `${missing(ctx, "company")}-${"x".repeat(ctx.oversizedBytes)}` },
    }),
  },
  {
    id: "attachContactToCompany.unknownContact",
    operationId: "attachContactToCompany",
    title: "attach an unknown contact",
    expect: 404,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ params: { id: missing(ctx, "contact") }, body: company(ctx) }),
  },
  {
    id: "attachContactToCompany.noToken",
    operationId: "attachContactToCompany",
    title: "no access token",
    expect: 401,
    auth: false,
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({ params: { id: contactOrMissing(ctx) }, body: company(ctx) }),
  },
];

export const listScenarios: readonly Scenario[] = [
  {
    id: "listCompanyContacts.list",
    operationId: "listCompanyContacts",
    title: "list the company's contacts (the attached one among them)",
    expect: 200,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx) }),
    check: async (ctx, answer, io) => {
      const result = await walk(
        answer,
        io,
        "listCompanyContacts",
        { params: company(ctx) },
        "the company's contacts",
      );
      if (!ctx.attached || !ctx.contactId || !result.complete) return result.problems;
      return [
        ...result.problems,
        ...listsEach(
          result.items,
          [ctx.contactId],
          "the attached contact",
          "the company's contacts",
        ),
      ];
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
    title: "per_page above its maximum",
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({
      params: company(ctx),
      query: { per_page: maxPerPage(ctx, "listCompanyContacts") + 1 },
    }),
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
    title: `an unknown Intercom-Version (${UNKNOWN_VERSION})`,
    expect: 400,
    requires: ["companyId"],
    request: (ctx) => ({ params: company(ctx), headers: { "Intercom-Version": UNKNOWN_VERSION } }),
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
    title: `list the contact's companies, ${SMALL_PAGE} a page, to the last page`,
    expect: 200,
    requires: ["contactId"],
    request: (ctx) => ({ params: { id: must(ctx, "contactId") }, query: { per_page: SMALL_PAGE } }),
    check: async (ctx, answer, io) => {
      const request = listRequest(ctx, { per_page: SMALL_PAGE }, "listContactCompanies");
      const result = await walk(
        answer,
        io,
        "listContactCompanies",
        request,
        "the contact's companies",
      );
      return holdsOurs(ctx, result, listed(ctx), "the contact's companies");
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
    title: "per_page above its maximum",
    expect: 400,
    requires: ["contactId"],
    request: (ctx) => ({
      params: { id: must(ctx, "contactId") },
      query: { per_page: maxPerPage(ctx, "listContactCompanies") + 1 },
    }),
  },
  {
    id: "listContactCompanies.noToken",
    operationId: "listContactCompanies",
    title: "no access token",
    expect: 401,
    auth: false,
    request: (ctx) => ({ params: { id: contactOrMissing(ctx) } }),
  },
  {
    id: "findCompanies.walk",
    operationId: "findCompanies",
    title: `list without a filter, ${SMALL_PAGE} a page, to the last page`,
    expect: 200,
    request: () => ({ query: { page: 1, per_page: SMALL_PAGE } }),
    check: async (ctx, answer, io) => {
      const request = { query: { page: 1, per_page: SMALL_PAGE } };
      const result = await walk(answer, io, "findCompanies", request, "the company list");
      return holdsOurs(ctx, result, listed(ctx), "the company list");
    },
  },
  ...(["desc", "asc"] as const).map(
    (order): Scenario => ({
      id: `listCompanies.${order}`,
      operationId: "listCompanies",
      title: `list companies, ${order === "asc" ? "oldest" : "most recent"} request first, ${SMALL_PAGE} a page, to the last page`,
      expect: 200,
      request: () => ({ query: { page: 1, per_page: SMALL_PAGE, order } }),
      check: async (ctx, answer, io) => {
        const label = `the ${order} company list`;
        const request = { query: { page: 1, per_page: SMALL_PAGE, order } };
        const result = await walk(answer, io, "listCompanies", request, label);
        return [
          ...holdsOurs(ctx, result, listed(ctx), label),
          ...checkSorted(result.items, "last_request_at", order, label),
        ];
      },
    }),
  ),
  {
    id: "listCompanies.pastTenThousand",
    operationId: "listCompanies",
    title: "a page starting past the companies paging can reach",
    expect: 400,
    request: (ctx) => {
      const pagination = ctx.spec.operation("listCompanies").pagination;
      const perPage = pagination?.maxPerPage ?? 60;
      return {
        query: {
          page: Math.floor((pagination?.maxReach ?? 10_000) / perPage) + 2,
          per_page: perPage,
        },
      };
    },
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
    after: (ctx, { body }) => {
      const param = field(body, "scroll_param");
      ctx.scrollFirstPage = itemsOf(body);
      if (typeof param === "string" && param !== "") ctx.scrollParam = param;
      return undefined;
    },
    check: (ctx) =>
      ctx.scrollFirstPage.length > 0 && !ctx.scrollParam
        ? [
            "the scroll's first page holds companies but no scroll_param: a client cannot reach the rest",
          ]
        : [],
  },
  {
    id: "scrollCompanies.next",
    operationId: "scrollCompanies",
    title: "follow scroll_param to the empty page that ends the scroll",
    expect: 200,
    requires: ["scrollParam"],
    request: (ctx) => ({ query: { scroll_param: ctx.scrollParam ?? "" } }),
    check: async (ctx, answer, io) => {
      const label = "the scroll";
      const result = await walkScroll(answer, io, label, { items: ctx.scrollFirstPage, pages: 1 });
      if (!result.complete) return result.problems;
      const own = ctx.created.map((c) => c.id).filter((id) => !ctx.deletedIds.includes(id));
      const mine = result.items.find((item) => item.id === ctx.companyId);
      return [
        ...result.problems,
        ...listsEach(result.items, own, "company", label),
        ...(mine ? reflects(ctx.written, mine, `${label}, the suite's company`) : []),
      ];
    },
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
    title: `an unknown Intercom-Version (${UNKNOWN_VERSION})`,
    expect: 400,
    request: () => ({ headers: { "Intercom-Version": UNKNOWN_VERSION } }),
  },
  {
    id: "scrollCompanies.noToken",
    operationId: "scrollCompanies",
    title: "no access token",
    expect: 401,
    auth: false,
    request: () => ({}),
  },
];

const detachParams = (ctx: ScenarioContext) => ({
  contact_id: must(ctx, "contactId"),
  id: must(ctx, "companyId"),
});

export const detachScenarios: readonly Scenario[] = [
  {
    id: "detachContactFromCompany.unsupportedVersion",
    operationId: "detachContactFromCompany",
    title: `an unknown Intercom-Version (${UNKNOWN_VERSION}; detaches nothing)`,
    expect: 400,
    writes: true,
    requires: ["companyId", "contactId"],
    request: (ctx) => ({
      params: detachParams(ctx),
      headers: { "Intercom-Version": UNKNOWN_VERSION },
    }),
  },
  {
    id: "detachContactFromCompany.detach",
    operationId: "detachContactFromCompany",
    title: "detach the contact from the company (both lists then leave it out)",
    expect: 200,
    writes: true,
    requires: ["companyId", "contactId", "attached"],
    request: (ctx) => ({ params: detachParams(ctx) }),
    after: (ctx) => {
      ctx.attached = false;
      ctx.attachedTo = ctx.attachedTo.filter((id) => id !== ctx.companyId);
      return undefined;
    },
    check: async (ctx, { body }, io) => {
      const problems: string[] = [];
      if (field(body, "id") !== ctx.companyId)
        problems.push(
          `the detachment answered company ${String(field(body, "id"))}, not ${ctx.companyId}`,
        );
      const contacts = await io.send(
        listRequest(ctx, {}, "listCompanyContacts"),
        "the company's contacts after the detachment",
      );
      if (itemsOf(contacts?.body).some((c) => c.id === ctx.contactId))
        problems.push(`after the detachment, the company's contacts still list ${ctx.contactId}`);
      const companies = await io.send(
        listRequest(ctx, {}, "listContactCompanies"),
        "the contact's companies after the detachment",
      );
      if (itemsOf(companies?.body).some((c) => c.id === ctx.companyId))
        problems.push(`after the detachment, the contact's companies still list ${ctx.companyId}`);
      return problems;
    },
  },
  {
    id: "detachContactFromCompany.unknownContact",
    operationId: "detachContactFromCompany",
    title: "detach an unknown contact",
    expect: 404,
    writes: true,
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
    writes: true,
    requires: ["companyId"],
    request: (ctx) => ({
      params: { contact_id: contactOrMissing(ctx), id: must(ctx, "companyId") },
    }),
  },
];
