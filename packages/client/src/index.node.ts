// The entry Node.js resolves (the `node` export condition, for `import` and `require`): the same
// API as `index.ts`, with `nodeFetch()` as the default transport. Bundlers for browsers and edge
// runtimes resolve `index.ts`, which stays within the size budget.
import type { IntercomPlugin } from "./call.ts";
import {
  createIntercomClient as createOnFetch,
  type IntercomClient,
  type PluginApis,
} from "./client.ts";
import { nodeFetch } from "./node.ts";
import type { IntercomClientOptions } from "./options.ts";

export * from "./index.ts";

// One transport for every client of the process.
const transport = nodeFetch();

/**
 * Creates a client for the Intercom Companies API. On Node.js it sends through undici's dispatcher
 * (`nodeFetch()`) unless you pass `fetch`; see `createIntercomClient` of the main entry.
 *
 * @throws {IntercomConfigurationError} without a token, or with an option out of range.
 */
export function createIntercomClient<const Plugins extends readonly IntercomPlugin[] = []>(
  options: IntercomClientOptions & { plugins?: Plugins } = {},
): IntercomClient & PluginApis<Plugins> {
  return createOnFetch({ ...options, fetch: options.fetch ?? transport });
}
