// The HTTP side: a fastify app whose routes come from the OpenAPI documents, with auth, rate
// limits, chaos and `error.list` answers around handlers that read and write the store.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import cors from "@fastify/cors";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { type SandboxStore, scrollsFor } from "./backend.ts";
import type { Chaos } from "./chaos.ts";
import { ApiError, errorList, newRequestId } from "./errors.ts";
import type { ScrollState } from "./postgres/index.ts";
import type { RateLimit } from "./rate-limit.ts";
import { DEFAULT_RATE_LIMIT, parseRateLimit } from "./rate-limit.ts";
import type { LoadedSpecs, Operation } from "./spec.ts";
import {
  type AttributeValue,
  type Company,
  type CompanyFields,
  type ContactFields,
  hashToken,
  type Page,
  type Workspace,
} from "./store.ts";
import { routeValidation, validationError } from "./validation.ts";
import { addWorkspaceHook } from "./workspace-hook.ts";

declare module "fastify" {
  interface FastifyRequest {
    workspace: Workspace | null;
    tokenHash: string;
    scrollRestart: boolean;
    dropped: boolean;
  }
  interface FastifyContextConfig {
    operation?: Operation;
  }
}

export interface AppOptions {
  store: SandboxStore;
  specs: LoadedSpecs;
  rateLimit: RateLimit | null;
  chaos: Chaos | null;
  bodyLimit: number;
  /** Origins allowed by CORS; `false` for none. */
  corsOrigins: readonly string[] | false;
  /** Milliseconds since the epoch: injectable so tests can move time. */
  nowMs: () => number;
  logger: boolean;
}

/** How many companies a scroll page holds. */
export const SCROLL_PAGE_SIZE = 50;
/** How long a `scroll_param` lives after the request that returned it. */
export const SCROLL_TTL_MS = 60_000;
/** Listing through pages reaches at most this many companies. */
export const LIST_LIMIT = 10_000;

const DEFAULT_LIMIT = parseRateLimit(DEFAULT_RATE_LIMIT) as RateLimit;
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

const VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

type Scroll = ScrollState;

type Query = Record<string, string | number | undefined>;
type Handler = (request: FastifyRequest, reply: FastifyReply, ws: Workspace) => unknown;

function pages(request: FastifyRequest, page: number, perPage: number, totalPages: number) {
  let next: string | null = null;
  if (page < totalPages) {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    url.searchParams.set("page", String(page + 1));
    url.searchParams.set("per_page", String(perPage));
    next = url.href;
  }
  return { type: "pages" as const, next, page, per_page: perPage, total_pages: totalPages };
}

function list<T>(request: FastifyRequest, result: Page<T>, page: number, perPage: number) {
  return {
    type: "list" as const,
    data: result.data,
    pages: pages(request, page, perPage, Math.ceil(result.total / perPage)),
    total_count: result.total,
  };
}

function companyFields(body: Record<string, unknown>): CompanyFields {
  const fields: CompanyFields = {};
  for (const key of ["name", "plan", "website", "industry"] as const) {
    if (typeof body[key] === "string") fields[key] = body[key];
  }
  for (const key of ["size", "remote_created_at", "monthly_spend"] as const) {
    if (typeof body[key] === "number") fields[key] = body[key];
  }
  if (body.custom_attributes && typeof body.custom_attributes === "object") {
    fields.custom_attributes = body.custom_attributes as Record<string, AttributeValue>;
  }
  return fields;
}

/** The largest oversized body read to its end before answering 413 (see the preParsing hook). */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** Request headers a browser client sends, allowed in CORS preflights. */
const CORS_REQUEST_HEADERS = ["Authorization", "Intercom-Version", "Content-Type", "Accept"];
/** Answer headers a browser client may read. */
const CORS_EXPOSED_HEADERS = [
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "Retry-After",
  "X-Request-Id",
];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, specs } = options;
  const scrolls = scrollsFor(store);
  let scrollsStarted = 0;
  const validation = routeValidation(specs);
  const nowSeconds = () => Math.floor(options.nowMs() / 1000);

  const app = Fastify({
    logger: options.logger,
    bodyLimit: options.bodyLimit,
    genReqId: () => newRequestId(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    return503OnClosing: true,
  });
  app.decorateRequest("workspace", null);
  app.decorateRequest("tokenHash", "");
  app.decorateRequest("scrollRestart", false);
  app.decorateRequest("dropped", false);
  app.setValidatorCompiler(validation.compiler);

  // CORS first, so its hook answers preflights (which carry no token) before authentication,
  // and its headers are on every answer, errors included.
  if (options.corsOrigins !== false) {
    await app.register(cors, {
      origin: [...options.corsOrigins],
      methods: [...new Set(specs.operations.map((operation) => operation.method))],
      allowedHeaders: CORS_REQUEST_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
      strictPreflight: false,
    });
  }

  // An empty body with Content-Type: application/json is no body (clients send it on POSTs
  // whose parameters are all in the query); anything else goes through fastify's safe parser.
  const jsonParser = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit: options.bodyLimit },
    (request, body, done) => {
      const text = typeof body === "string" ? body : body.toString("utf8");
      if (text.trim() === "") done(null, undefined);
      else jsonParser(request, text, done);
    },
  );

  // Token -> SHA-256, so a client's token is hashed once, not on every request. Bounded, so a
  // client inventing tokens cannot grow memory without limit.
  const tokenHashes = new Map<string, string>();
  const hashOf = (token: string) => {
    let hash = tokenHashes.get(token);
    if (hash === undefined) {
      hash = hashToken(token);
      if (tokenHashes.size >= 10_000) tokenHashes.clear();
      tokenHashes.set(token, hash);
    }
    return hash;
  };

  const bodyTooLarge = () =>
    new ApiError(413, "bad_request", `The request body is larger than ${options.bodyLimit} bytes`);

  // A body declared larger than the limit is read to its end before the 413 goes out: a client
  // (or a proxy such as Prism) still sending it would otherwise meet a reset connection instead
  // of the answer. Past DRAIN_LIMIT_BYTES the answer goes out at once.
  app.addHook("preParsing", (request, _reply, payload, done) => {
    const declared = Number(request.headers["content-length"]);
    if (!(declared > options.bodyLimit) || declared > DRAIN_LIMIT_BYTES) return done(null, payload);
    payload.once("error", (error) => done(error));
    payload.once("end", () => done(bodyTooLarge()));
    payload.resume();
  });

  // A callback hook, not an async one: no promise and no extra tick on every request. A throw
  // here becomes the error handler's answer.
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    if (request.routeOptions.config.operation?.operationId === "describeSandbox") return done();
    // A CORS preflight (answered by the CORS hook when CORS is on) needs no token.
    if (request.method === "OPTIONS") return done();
    const header = request.headers.authorization;
    const match = header ? /^Bearer +(\S+)\s*$/i.exec(header) : null;
    const token = match?.[1];
    if (!token || token.length > 1024 || !TOKEN.test(token)) {
      throw new ApiError(
        401,
        "unauthorized",
        header
          ? "Access Token Invalid"
          : "Access Token Invalid: send Authorization: Bearer <token>",
      );
    }
    request.tokenHash = hashOf(token);
    done();
  });

  addWorkspaceHook(app, store, options.rateLimit, options.nowMs);

  app.addHook("onRequest", (request, reply, done) => {
    if (!request.tokenHash || !options.chaos) return done();
    const decision = options.chaos.decide(request.tokenHash);
    request.scrollRestart = decision.scrollRestart;
    if (decision.fault === "rate_limit") {
      // Looks like a real 429, headers included, even when rate limiting is off.
      reply.header("x-ratelimit-limit", options.rateLimit?.limit ?? DEFAULT_LIMIT.limit);
      reply.header("x-ratelimit-remaining", 0);
      reply.header("x-ratelimit-reset", nowSeconds() + 1);
    }
    const inject = () => {
      if (decision.fault === "rate_limit") {
        done(
          new ApiError(
            429,
            "rate_limit_exceeded",
            "Rate Limit Exceeded (injected by --chaos)",
            undefined,
            { "retry-after": "1" },
          ),
        );
      } else if (decision.fault === "server_error") {
        done(new ApiError(500, "server_error", "Internal server error (injected by --chaos)"));
      } else if (decision.fault === "drop") {
        // Dropped before it is processed: the handler sees the flag and does nothing.
        request.dropped = true;
        reply.hijack();
        request.raw.socket.destroy();
        done();
      } else done();
    };
    if (decision.delayMs > 0) setTimeout(inject, decision.delayMs);
    else inject();
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    let answer: ApiError;
    if (error instanceof ApiError) answer = error;
    else if (error.validation) {
      answer = validationError(
        error.validation as never,
        error.validationContext ?? "body",
        request.routeOptions.config.operation,
      );
    } else if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      answer = bodyTooLarge();
    } else if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      answer = new ApiError(
        400,
        "bad_request",
        `Unsupported Content-Type ${JSON.stringify(request.headers["content-type"] ?? "")}: send the body as application/json`,
      );
    } else if (typeof error.statusCode === "number" && error.statusCode < 500) {
      // Malformed JSON, bad content length and other request errors fastify detects.
      answer = new ApiError(
        error.statusCode === 413 ? 413 : 400,
        "bad_request",
        error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError
          ? `The request body is not valid JSON: ${error.message}`
          : error.message,
      );
    } else {
      // A bug of the sandbox: say so even when request logging is off.
      process.stderr.write(
        `intercom-sandbox: ${request.method} ${request.url} failed: ${error.stack ?? error.message}\n`,
      );
      answer = new ApiError(500, "server_error", "Internal server error");
    }
    reply.code(answer.status).headers(answer.headers).send(errorList(request.id, answer));
  });

  app.setNotFoundHandler((request) => {
    throw new ApiError(
      404,
      "not_found",
      `No such operation: ${request.method} ${request.url.split("?")[0]}. GET / lists the operations.`,
    );
  });

  const query = (request: FastifyRequest) => request.query as Query;
  const param = (request: FastifyRequest, name: string) =>
    (request.params as Record<string, string>)[name] as string;
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  const handlers: Record<string, Handler> = {
    upsertCompany: (request, _reply, ws) => {
      const b = body(request);
      return store.upsertCompany(ws, String(b.company_id), companyFields(b), {
        creation_source: "api",
      });
    },
    findCompanies: async (request, _reply, ws) => {
      const q = query(request);
      const page = Number(q.page);
      const perPage = Number(q.per_page);
      const filters = {
        ...(q.company_id !== undefined ? { companyId: String(q.company_id) } : {}),
        // spec/NOTES.md 2: when both are sent, company_id wins.
        ...(q.name !== undefined && q.company_id === undefined ? { name: String(q.name) } : {}),
        ...(q.tag_id !== undefined ? { tagId: String(q.tag_id) } : {}),
        ...(q.segment_id !== undefined ? { segmentId: String(q.segment_id) } : {}),
      };
      const result = await store.findCompanies(ws, filters, page, perPage);
      const lookUp = filters.companyId !== undefined || filters.name !== undefined;
      if (lookUp && result.total === 0)
        throw new ApiError(404, "company_not_found", "Company Not Found");
      return list(request, result, page, perPage);
    },
    retrieveCompany: (request, _reply, ws) => store.company(ws, param(request, "id")),
    updateCompany: (request, _reply, ws) =>
      store.updateCompany(ws, param(request, "id"), companyFields(body(request))),
    deleteCompany: async (request, _reply, ws) => {
      const id = param(request, "id");
      await store.deleteCompany(ws, id);
      return { id, object: "company", deleted: true };
    },
    listCompanyContacts: async (request, _reply, ws) => {
      const q = query(request);
      const page = Number(q.page);
      const perPage = Number(q.per_page);
      return list(
        request,
        await store.companyContacts(ws, param(request, "id"), page, perPage),
        page,
        perPage,
      );
    },
    listCompanySegments: async (request, _reply, ws) => ({
      type: "list",
      data: await store.companySegments(ws, param(request, "id")),
    }),
    listCompanies: async (request, _reply, ws) => {
      const q = query(request);
      const page = Number(q.page);
      const perPage = Number(q.per_page);
      if ((page - 1) * perPage >= LIST_LIMIT) {
        throw new ApiError(
          400,
          "bad_request",
          `Page ${page} of ${perPage} starts past the ${LIST_LIMIT.toLocaleString("en")}th company: paging reaches at most ${LIST_LIMIT.toLocaleString("en")} companies. Use the Scroll API (GET /companies/scroll) to go further.`,
          "page",
        );
      }
      const result = await store.listCompanies(
        ws,
        q.order === "asc" ? "asc" : "desc",
        page,
        perPage,
      );
      const reachable = Math.min(result.total, LIST_LIMIT);
      return {
        type: "list",
        data: result.data,
        pages: pages(request, page, perPage, Math.ceil(reachable / perPage)),
        total_count: result.total,
      };
    },
    scrollCompanies: async (request, _reply, ws) => {
      const param = query(request).scroll_param;
      const now = options.nowMs();
      let scroll: Scroll;
      let id: string;
      if (param === undefined) {
        id = randomUUID();
        scroll = { ws: ws.rid, after: 0, until: await store.lastCompanyRid(ws), expiresAt: 0 };
        if (++scrollsStarted % 100 === 0) await scrolls.prune(now);
      } else {
        id = String(param);
        const found = await scrolls.get(id);
        if (!found || found.ws !== ws.rid || found.expiresAt <= now) {
          if (found && found.expiresAt <= now) await scrolls.delete(id);
          throw new ApiError(
            404,
            "not_found",
            "Scroll parameter not found or expired. Start a new scroll without scroll_param.",
            "scroll_param",
          );
        }
        if (request.scrollRestart) {
          await scrolls.delete(id);
          throw new ApiError(
            500,
            "server_error",
            "Request failed due to an internal network error. Please restart the scroll operation.",
          );
        }
        scroll = found;
      }
      const page = await store.scrollCompanies(ws, scroll.after, scroll.until, SCROLL_PAGE_SIZE);
      scroll.after = page.last;
      scroll.expiresAt = now + SCROLL_TTL_MS;
      await scrolls.save(id, scroll);
      return { type: "list", data: page.data, pages: null, total_count: null, scroll_param: id };
    },
    attachContactToCompany: (request, _reply, ws) =>
      store.attachContact(ws, param(request, "id"), String(body(request).id)),
    listContactCompanies: async (request, _reply, ws) => {
      const q = query(request);
      const page = Number(q.page);
      const perPage = Number(q.per_page);
      return list(
        request,
        await store.contactCompanies(ws, param(request, "id"), page, perPage),
        page,
        perPage,
      );
    },
    detachContactFromCompany: (request, _reply, ws) =>
      store.detachContact(ws, param(request, "contact_id"), param(request, "id")),
    createContact: (request, _reply, ws) => {
      const b = body(request);
      const fields: ContactFields = {};
      if (b.role === "user" || b.role === "lead") fields.role = b.role;
      if (typeof b.external_id === "string") fields.external_id = b.external_id;
      if (typeof b.email === "string") fields.email = b.email;
      if (typeof b.name === "string" || b.name === null) fields.name = b.name;
      if (typeof b.last_seen_at === "number") fields.last_seen_at = b.last_seen_at;
      return store.createContact(ws, fields);
    },
    retrieveContact: (request, _reply, ws) => store.contact(ws, param(request, "id")),
    tagCompanies: (request, _reply, ws) => {
      const b = body(request);
      return store.tagCompanies(
        ws,
        String(b.name),
        (b.companies ?? []) as { id?: string; company_id?: string; untag?: boolean }[],
      );
    },
    listTags: async (_request, _reply, ws) => ({ type: "list", data: await store.tags(ws) }),
    listSegments: async (_request, _reply, ws) => ({
      type: "segment.list",
      segments: await store.segments(ws),
    }),
    describeSandbox: () => ({
      name: "intercom-sandbox",
      version: VERSION,
      api_version: specs.spec.info.version,
      description:
        "A stateful local Intercom Companies API: what you create you can find, update, list, scroll, attach and delete. Data lives in SQLite or PostgreSQL.",
      authentication:
        "Send Authorization: Bearer <any token>. Each distinct token is its own, isolated workspace.",
      operations: specs.operations.map((o) => ({
        operationId: o.operationId,
        method: o.method,
        path: o.path,
        source: o.source,
        ...(handlers[o.operationId] ? {} : { implemented: false }),
      })),
      rate_limit: options.rateLimit
        ? { limit: options.rateLimit.limit, window_seconds: options.rateLimit.windowSeconds }
        : null,
      chaos: options.chaos ? { ...options.chaos.options } : null,
      database: "pool" in store ? "postgres" : store.path === ":memory:" ? "memory" : "file",
    }),
  };

  for (const operation of specs.operations) {
    const handler = handlers[operation.operationId];
    app.route({
      method: operation.method as "GET",
      url: operation.route,
      schema: validation.schemaOf(operation),
      config: { operation },
      // Returns the handler's value or promise; fastify sends either.
      handler: (request, reply) => {
        if (request.dropped) return undefined;
        if (!handler) {
          throw new ApiError(
            501,
            "server_error",
            `The sandbox does not implement ${operation.operationId} yet`,
          );
        }
        const ws = request.workspace;
        if (!ws && operation.operationId !== "describeSandbox") {
          throw new ApiError(401, "unauthorized", "Access Token Invalid");
        }
        return handler(request, reply, ws as Workspace);
      },
    });
  }

  return app;
}

export type { Company };
