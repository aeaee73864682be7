import type { OperationModel, SpecModel } from "@intercom-toolkit/spec/model";

/** A company the suite created, kept for the list checks and the clean-up. */
export interface CreatedCompany {
  id: string;
  companyId: string;
  name: string;
}

/** Values scenarios hand on to later ones. */
export interface ScenarioContext {
  /** Unique per run, so runs against a shared target do not collide. */
  runId: string;
  /** The spec the run checks against. */
  spec: SpecModel;
  /** Behaviour checks are on (the default); off with `shapesOnly`. */
  behaviour: boolean;
  /** No scenario may write (`shapesOnly`): ids come from what the target already holds. */
  readOnly: boolean;
  /** Intercom id of the company the suite created (or, read-only, found). */
  companyId?: string;
  /** The `company_id` the suite defined for it. */
  companyRemoteId?: string;
  companyName?: string;
  /** Every field the suite wrote to its company so far, as sent (merged). */
  written: Record<string, unknown>;
  /** Every company the suite created, its own first; the clean-up deletes those not deleted. */
  created: CreatedCompany[];
  /**
   * Every `company_id` the suite sent to be created, before its answer came: a run stopped in
   * between leaves a company the clean-up finds by its `company_id`.
   */
  sentCompanyIds: string[];
  /** A contact to attach: `--contact-id`, or one created through the target's `POST /contacts`. */
  contactId?: string;
  /** Set once the contact is attached to the company. */
  attached?: boolean;
  /** Ids of the companies the contact is attached to. */
  attachedTo: string[];
  scrollParam?: string;
  /** The companies of the scroll's first page. */
  scrollFirstPage: Record<string, unknown>[];
  /** Set once the company is deleted. */
  deleted?: boolean;
  /** Ids of companies the suite deleted. */
  deletedIds: string[];
  /** Size of the bodies that provoke 413. */
  oversizedBytes: number;
}

export type ContextKey =
  | "companyId"
  | "companyRemoteId"
  | "contactId"
  | "attached"
  | "scrollParam"
  | "deleted";

export interface ScenarioRequest {
  /** The operation to call; the scenario's own when absent. */
  operationId?: string;
  /** Path parameters, substituted into the operation's path. */
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Extra request headers, sent over the suite's defaults; `null` leaves a default header out. */
  headers?: Record<string, string | null>;
}

/** The target's answer, as the client saw it through the validation proxy. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, `undefined` when there is none or it is not JSON. */
  body: unknown;
}

/** What a behaviour check can do: send more requests (validated like the scenario's own). */
export interface ScenarioIO {
  send(request: ScenarioRequest, label: string): Promise<Answer | undefined>;
  /** The operation of the spec with this id. */
  operation(operationId: string): OperationModel;
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
  /**
   * Changes the target when it works, or would on a server that ignores the fault provoked
   * (a create without a token): never run with `shapesOnly`.
   */
  writes?: boolean;
  /** Context values the scenario cannot run without. */
  requires?: ContextKey[];
  /** Context values it sets, for the dependency resolution of `--only`. */
  provides?: ContextKey[];
  /** Part of the clean-up: run whenever what it cleans up exists. */
  cleanup?: boolean;
  request: (ctx: ScenarioContext) => ScenarioRequest;
  /**
   * Reads the answer (status already checked) for values later scenarios need; returns a
   * problem when the answer gives nothing to continue with.
   */
  after?: (ctx: ScenarioContext, answer: Answer) => string | undefined;
  /**
   * Behaviour checks (on by default): whether the answer agrees with what the suite did. May
   * send more requests; returns the problems found.
   */
  check?: (ctx: ScenarioContext, answer: Answer, io: ScenarioIO) => Promise<string[]> | string[];
}

/** Ids no target has; the run id keeps them unique. */
export const missing = (ctx: ScenarioContext, what: string): string =>
  `missing-${what}-${ctx.runId}`;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function field(body: unknown, name: string): unknown {
  return isRecord(body) ? body[name] : undefined;
}

export const must = (
  ctx: ScenarioContext,
  key: "companyId" | "companyRemoteId" | "contactId" | "companyName",
): string => {
  const value = ctx[key];
  // The runner checks `requires` first; reaching this is a bug in the suite.
  if (value === undefined) throw new Error(`Scenario needs ${key}, which is not set`);
  return value;
};

export const company = (ctx: ScenarioContext) => ({ id: must(ctx, "companyId") });

/** The contact's path parameter: the real one when there is one, else an unknown id. */
export const contactOrMissing = (ctx: ScenarioContext) => ctx.contactId ?? missing(ctx, "contact");
