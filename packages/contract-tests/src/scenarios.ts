import type { Scenario } from "./scenario-types.ts";
import { companyScenarios, deleteScenarios } from "./scenarios-companies.ts";
import { attachScenarios, detachScenarios, listScenarios } from "./scenarios-lists.ts";

export type {
  Answer,
  ContextKey,
  Scenario,
  ScenarioContext,
  ScenarioIO,
  ScenarioRequest,
} from "./scenario-types.ts";

/**
 * The suite, in a realistic order: create, look up, update, attach, list, scroll, detach,
 * delete, then 404 after delete. Each operation's error cases come right after its happy path.
 */
export const scenarios: readonly Scenario[] = [
  ...companyScenarios,
  ...attachScenarios,
  ...listScenarios,
  ...detachScenarios,
  ...deleteScenarios,
];

/**
 * Statuses no client can provoke on demand: rate limits (429) and server faults (5xx). They are
 * reported as "not provokable" and left out of the coverage that must be full.
 */
export function isProvokable(status: number): boolean {
  return status !== 429 && status < 500;
}
