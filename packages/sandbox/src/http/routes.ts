// The routes: one per operation of both documents, validated against the spec (../validation.ts)
// and answered by the operation's handler (../handlers/). Bodies are JSON only.
import type { FastifyInstance, preParsingHookHandler, preValidationHookHandler } from "fastify";
import type { ChaosDecision } from "../chaos.ts";
import type { Documents } from "../documents.ts";
import { ApiError } from "../errors.ts";
import type { AnyHandler } from "../handlers/types.ts";
import {
  countJsonFields,
  MAX_BODY_FIELDS,
  MAX_CUSTOM_ATTRIBUTES,
  tooManyCustomAttributes,
  tooManyFields,
} from "../limits.ts";
import type { Storage, Workspace } from "../store/types.ts";
import { routeValidation } from "../validation.ts";
import { bodyTooLarge } from "./plugins/errors.ts";

/** A write under chaos: processed, then maybe its answer lost or replaced by a 500. */
async function afterWrite(
  handler: AnyHandler,
  context: Parameters<AnyHandler>[0],
  chaos: ChaosDecision,
): Promise<unknown> {
  const { request, reply } = context;
  const result = await handler(context);
  if (chaos.fault === "drop_after") {
    // Committed, and the answer is lost on the way.
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }
  if (chaos.fault === "error_after") {
    throw new ApiError(
      500,
      "server_error",
      "Internal server error after the request was processed (injected by --chaos)",
    );
  }
  return result;
}

export interface RouteOptions {
  documents: Documents;
  handlers: Record<string, AnyHandler>;
  store: Storage;
  bodyLimit: number;
}

/** The largest oversized body read to its end before answering 413 (see the preParsing hook). */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const BODYLESS = new Set(["GET", "HEAD"]);

export async function routes(app: FastifyInstance, options: RouteOptions): Promise<void> {
  const { documents, handlers, store } = options;
  const validation = routeValidation(documents);
  app.setValidatorCompiler(validation.compiler);

  // An empty body with Content-Type: application/json is no body (clients send it on POSTs
  // whose parameters are all in the query); anything else goes through fastify's safe parser.
  const jsonParser = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit: options.bodyLimit },
    (request, body, done) => {
      const text = typeof body === "string" ? body : body.toString("utf8");
      if (text.trim() === "") done(null, undefined);
      // Counted before parsing, which is what costs with huge objects (../limits.ts).
      else if (countJsonFields(text, MAX_BODY_FIELDS) > MAX_BODY_FIELDS) done(tooManyFields());
      else jsonParser(request, text, done);
    },
  );

  // A body declared larger than the limit is read to its end before the 413 goes out: a client
  // (or a proxy such as Prism) still sending it would otherwise meet a reset connection instead
  // of the answer. Past DRAIN_LIMIT_BYTES the answer goes out at once.
  const drainOversized: preParsingHookHandler = (request, _reply, payload, done) => {
    const declared = Number(request.headers["content-length"]);
    if (!(declared > options.bodyLimit) || declared > DRAIN_LIMIT_BYTES) return done(null, payload);
    // A client that gives up halfway gets the same 413 (which nobody reads): it is no sandbox
    // bug, so no 500 and no line on stderr.
    const refuse = () => done(bodyTooLarge(options.bodyLimit));
    payload.once("error", refuse);
    payload.once("end", refuse);
    payload.resume();
  };

  // Too many custom attributes are refused before validation walks them all (spec/NOTES.md).
  // A callback hook: no promise on every request.
  const refuseTooManyAttributes: preValidationHookHandler = (request, _reply, done) => {
    const attributes = (request.body as { custom_attributes?: unknown } | undefined)
      ?.custom_attributes;
    if (attributes && typeof attributes === "object") {
      const count = Object.keys(attributes).length;
      if (count > MAX_CUSTOM_ATTRIBUTES) return done(tooManyCustomAttributes(count));
    }
    done();
  };

  for (const operation of documents.operations) {
    const handler = handlers[operation.operationId];
    if (!handler) {
      throw new Error(
        `No handler for ${operation.operationId} (${operation.method} ${operation.path}).`,
      );
    }
    const isPublic = Array.isArray(operation.raw.security) && operation.raw.security.length === 0;
    const write = WRITES.has(operation.method);
    app.route({
      method: operation.method,
      url: operation.route,
      schema: validation.schemaOf(operation),
      config: { operation, public: isPublic },
      // Fastify reads no body on GET and HEAD: their routes skip the body hooks.
      ...(BODYLESS.has(operation.method)
        ? {}
        : { preParsing: drainOversized, preValidation: refuseTooManyAttributes }),
      handler: (request, reply) => {
        const ws = request.workspace as Workspace;
        let writable: Workspace | undefined;
        const context = {
          request,
          reply,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, unknown>,
          body: request.body,
          ws,
          writable: async () => {
            writable ??= ws.rid !== 0 ? ws : await store.workspaces.ensure(ws.tokenHash);
            return writable;
          },
        };
        // A dropped request never gets here: the chaos step hijacked its reply, and fastify
        // calls no handler once a reply is hijacked.
        const chaos = request.chaos;
        // Without chaos, the handler's promise is the answer (no extra await).
        return write && chaos !== null ? afterWrite(handler, context, chaos) : handler(context);
      },
    });
  }
}
