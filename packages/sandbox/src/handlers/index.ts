// Every handler, by operationId.

import { VERSION } from "../version.ts";
import { companyHandlers } from "./companies.ts";
import { contactHandlers } from "./contacts.ts";
import { scrollHandler } from "./scroll.ts";
import { tagHandlers } from "./tags.ts";
import type { AdditionHandlers, AnyHandler, Services, SpecHandlers } from "./types.ts";

export function handlers(services: Services): Record<string, AnyHandler> {
  const { documents, store } = services;
  const additions: Pick<AdditionHandlers, "describeSandbox"> = {
    async describeSandbox() {
      return {
        name: "intercom-sandbox",
        version: VERSION,
        api_version: documents.spec.document.info.version,
        description:
          "A stateful local Intercom Companies API: what you create you can find, update, list, scroll, attach and delete.",
        authentication:
          "Send Authorization: Bearer <any token>. Each distinct token is its own, isolated workspace.",
        operations: documents.operations.map((o) => ({
          operationId: o.operationId,
          method: o.method,
          path: o.path,
          source: o.source,
        })),
        rate_limit: services.rateLimit
          ? { limit: services.rateLimit.limit, window_seconds: services.rateLimit.windowSeconds }
          : null,
        chaos: services.chaos ? { ...services.chaos } : null,
        database: store.kind,
      };
    },
  };
  const all: SpecHandlers & AdditionHandlers = {
    ...companyHandlers(services),
    ...scrollHandler(services),
    ...contactHandlers(services),
    ...tagHandlers(services),
    ...additions,
  };
  return all as unknown as Record<string, AnyHandler>;
}
