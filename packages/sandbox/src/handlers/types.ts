// Handlers by operationId: each operation of the Companies spec has a handler typed by the
// generated types (its path, query and body in, its success body out); the sandbox's additions
// have theirs too. A test checks both maps against the documents' operations.
import type {
  OperationId,
  PathParams,
  QueryParams,
  RequestBody,
  SuccessBody,
} from "@intercom-toolkit/types";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ChaosOptions } from "../chaos.ts";
import type { Documents } from "../documents.ts";
import type { Presenter } from "../present.ts";
import type { RateLimit } from "../rate-limit.ts";
import type { Storage, Workspace } from "../store/types.ts";

/** What every handler may use. */
export interface Services {
  store: Storage;
  presenter: Presenter;
  documents: Documents;
  /** Milliseconds since the epoch (injectable, so tests can move time). */
  nowMs: () => number;
  rateLimit: RateLimit | null;
  chaos: ChaosOptions | null;
}

export interface Context<Params, Query, Body> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: Params;
  query: Query;
  body: Body;
  /** The caller's workspace; for a token that never wrote, an empty one (`rid` 0, no row). */
  ws: Workspace;
  /** The caller's workspace, its row created on this first write. */
  writable: () => Promise<Workspace>;
}

type Or<T, Fallback> = [T] extends [never] ? Fallback : T;

/** The handler of a Companies spec operation. */
export type SpecHandler<Op extends OperationId> = (
  context: Context<
    Or<PathParams<Op>, Record<string, never>>,
    Or<QueryParams<Op>, Record<string, never>>,
    Or<RequestBody<Op>, undefined>
  >,
) => SuccessBody<Op> | Promise<SuccessBody<Op>>;

export type SpecHandlers = { [Op in OperationId]: SpecHandler<Op> };

/** The operations of openapi-additions.yaml. */
export type AdditionId =
  | "describeSandbox"
  | "createContact"
  | "retrieveContact"
  | "tagCompanies"
  | "listTags"
  | "listSegments";

/** The handler of an addition: its document has no generated types, so its parts are records. */
export type AdditionHandler = (
  context: Context<Record<string, string>, Record<string, unknown>, Record<string, unknown>>,
) => Promise<unknown>;

export type AdditionHandlers = Record<AdditionId, AdditionHandler>;

/** Any handler, as the router calls it: its answer, or a promise of it. */
export type AnyHandler = (
  context: Context<Record<string, string>, Record<string, unknown>, unknown>,
) => unknown;
