// Most tests exercise the named helpers: this is createIntercomClient with the helpers() plugin
// always installed (plus any the test adds). test/plugins.test.ts covers the client without it.
import { type HelpersApi, helpers, type IntercomHelpersClient } from "../../src/helpers.ts";
import {
  createIntercomClient as createCoreClient,
  type IntercomClientOptions,
  type IntercomPlugin,
} from "../../src/index.ts";

export function createIntercomClient(options: IntercomClientOptions = {}): IntercomHelpersClient {
  return createCoreClient<[IntercomPlugin<HelpersApi>, ...IntercomPlugin[]]>({
    ...options,
    plugins: [helpers(), ...(options.plugins ?? [])],
  });
}
