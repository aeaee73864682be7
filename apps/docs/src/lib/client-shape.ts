// Which client helper a sample calls and how it answers, read from @intercom-toolkit/client itself:
// the helper named by the operation's `x-toolkit-helpers` is called with the sample's own arguments
// on a client whose fetch refuses every request, and its answer tells a promise (one value) from a
// lazy page iterator. Nothing is sent anywhere; nothing about the helpers is kept by hand here.
import type { OperationModel, SpecModel } from "@intercom-toolkit/spec/model";
import { type HelperShape, helperArguments, sampleValues } from "./samples.ts";

type Helper = (...args: unknown[]) => unknown;

export interface HelperProbe {
  /** How `helper` ("companies.list") answers when called for `operation`; throws naming both. */
  shapeOf(operation: OperationModel, helper: string, model: Pick<SpecModel, "deref">): HelperShape;
}

class Refused extends Error {}

/** Loads the client once and answers for every operation. */
export async function probeClient(): Promise<HelperProbe> {
  let client: Record<string, unknown>;
  try {
    const { createIntercomClient } = await import("@intercom-toolkit/client");
    const { helpers } = await import("@intercom-toolkit/client/helpers");
    client = createIntercomClient({
      plugins: [helpers()],
      token: "docs-probe",
      baseUrl: "http://127.0.0.1:9",
      fetch: async () => {
        throw new Refused("the docs' probe sends nothing");
      },
      retry: false,
      throttle: false,
      logger: {},
    }) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `Could not load @intercom-toolkit/client to read its helpers (${(error as Error).message}); build it first: \`pnpm --filter @intercom-toolkit/client build\`.`,
    );
  }
  return {
    shapeOf(operation, helper, model) {
      const [group, name] = helper.split(".");
      const fn = (client[group ?? ""] as Record<string, unknown> | undefined)?.[name ?? ""];
      if (typeof fn !== "function") {
        throw new Error(
          `${operation.operationId}: x-toolkit-helpers names "${helper}", which @intercom-toolkit/client does not have.`,
        );
      }
      const answer = (fn as Helper)(...helperArguments(operation, sampleValues(operation), model));
      if (answer instanceof Promise) {
        answer.catch(() => undefined);
        return "value";
      }
      if (typeof answer === "object" && answer !== null && Symbol.asyncIterator in answer) {
        return "iterate";
      }
      throw new Error(
        `${operation.operationId}: client.${helper}() answers neither a promise nor an async iterator.`,
      );
    },
  };
}
