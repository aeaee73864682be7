/**
 * A small, fully typed client for the Intercom Companies API (Intercom-Version 2.7), built on
 * openapi-fetch and the toolkit's OpenAPI document.
 *
 * @packageDocumentation
 */

export type {
  Company,
  CompanyAttachedContacts,
  CompanyAttachedSegments,
  CompanyList,
  CompanyPlan,
  CompanyScroll,
  Contact,
  ContactAttachedCompanies,
  CreateOrUpdateCompanyRequest,
  CustomAttributes,
  components,
  DeletedCompany,
  ErrorCode,
  ErrorItem,
  ErrorList,
  OperationId,
  operations,
  paths,
  Segment,
  Tag,
  UpdateCompanyRequest,
} from "@intercom-toolkit/types";
export type { Answer, CallOptions, IntercomPlugin, Invoke, PluginContext } from "./call.ts";
export { createIntercomClient, type IntercomClient, type PluginApis } from "./client.ts";
export type { Clock } from "./clock.ts";
export {
  IntercomApiError,
  IntercomConfigurationError,
  IntercomError,
  type IntercomErrorCode,
  IntercomNetworkError,
  IntercomTimeoutError,
} from "./errors.ts";
export type { FetchLike } from "./fetch.ts";
export { type IntercomClientOptions, type Logger, REGIONS, type Region } from "./options.ts";
export type { RateLimitState } from "./rate-limit.ts";
export type { RetryContext, RetryOptions } from "./retry.ts";
export type { Throttle, ThrottleOptions, ThrottlePlugin } from "./throttle.ts";
