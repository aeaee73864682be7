// What a run does on the target besides the scenarios: check it is there, get a contact to
// attach, and delete what the run created.
import { RUN_HEADER, requestSignal, type Target } from "./exchange.ts";
import type { ScenarioContext } from "./scenario-types.ts";

/** Bad input (a flag, a URL, an operation name) or a target that cannot be reached. */
export class ContractUsageError extends Error {
  override name = "ContractUsageError";
}

export function validateTarget(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ContractUsageError(
      `--target "${target}" is not a URL; pass e.g. http://127.0.0.1:3000`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ContractUsageError(`--target must be an http(s) URL, not ${url.protocol}`);
  }
  return url;
}

export async function checkReachable(
  target: URL,
  runId: string,
  signal?: AbortSignal,
): Promise<void> {
  const timeout = AbortSignal.timeout(5000);
  try {
    const res = await fetch(target, {
      headers: { [RUN_HEADER]: runId },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    await res.body?.cancel();
  } catch (error) {
    if (signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = timeout.aborted
      ? "no answer within 5 s"
      : (cause?.code ?? cause?.message ?? String(error));
    throw new ContractUsageError(
      `The target ${target.href} is not reachable (${why}): start the server or check --target.`,
    );
  }
}

const headersOf = (target: Target) => ({
  Accept: "application/json",
  "Intercom-Version": "2.7",
  Authorization: `Bearer ${target.token}`,
  [RUN_HEADER]: target.runId,
});

/** Gets a contact to attach: the given one, or a new one from the target's `POST /contacts`. */
export async function obtainContact(
  ctx: ScenarioContext,
  target: Target,
  contactId: string | undefined,
  notes: string[],
): Promise<boolean> {
  if (contactId) {
    ctx.contactId = contactId;
    notes.push(`contact: using --contact-id ${contactId}`);
    return false;
  }
  const why = await (async () => {
    try {
      const res = await fetch(`${target.base.replace(/\/$/, "")}/contacts`, {
        method: "POST",
        headers: { ...headersOf(target), "Content-Type": "application/json" },
        body: JSON.stringify({
          role: "user",
          external_id: `contract-${ctx.runId}`,
          email: `contract-${ctx.runId}@example.com`,
          name: `Contract test ${ctx.runId}`,
        }),
        signal: requestSignal(target),
      });
      const text = await res.text();
      if (!res.ok) return `POST /contacts answered ${res.status}`;
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id !== "string" || id === "") return "POST /contacts answered no contact id";
      ctx.contactId = id;
      return undefined;
    } catch (error) {
      if (target.signal?.aborted) throw error;
      return `POST /contacts failed: ${(error as Error).message}`;
    }
  })();
  if (why === undefined) {
    notes.push(`contact: created ${ctx.contactId} through the target's POST /contacts`);
    return true;
  }
  notes.push(`contact: none (${why}); pass --contact-id to cover the operations that attach one`);
  return false;
}

/** The id of the company with this `company_id`, if the target has one. */
async function lookUp(
  base: string,
  target: Target,
  companyId: string,
): Promise<string | undefined> {
  try {
    const res = await fetch(`${base}/companies?company_id=${encodeURIComponent(companyId)}`, {
      headers: headersOf(target),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    if (!res.ok) {
      await res.body?.cancel();
      return undefined;
    }
    const body = (await res.json()) as { data?: Array<{ id?: unknown; company_id?: unknown }> };
    const found = body.data?.find((c) => c.company_id === companyId)?.id;
    return typeof found === "string" ? found : undefined;
  } catch {
    return undefined;
  }
}

/** What the clean-up deleted and what it had to leave on the target. */
export interface CleanUp {
  deleted: string[];
  /** Each with why, so that someone can delete it by hand. */
  left: string[];
}

/** Deletes what the run created and did not delete itself; says what it could not delete. */
export async function cleanUp(
  ctx: ScenarioContext,
  target: Target,
  createdContact: boolean,
  notes: string[],
): Promise<CleanUp> {
  const base = target.base.replace(/\/$/, "");
  const done: CleanUp = { deleted: [], left: [] };
  const remove = async (path: string, what: string) => {
    try {
      const res = await fetch(base + path, {
        method: "DELETE",
        headers: headersOf(target),
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      await res.body?.cancel();
      if (res.ok) done.deleted.push(what);
      else {
        const hint =
          res.status === 404 || res.status === 405
            ? ` (DELETE ${path} is not supported by the target, or it lost ${what})`
            : "";
        done.left.push(`${what}: DELETE answered ${res.status}${hint}`);
      }
    } catch (error) {
      done.left.push(`${what}: ${(error as Error).message}`);
    }
  };
  // Companies whose create was sent but whose answer never came (a stopped run): find them.
  for (const companyId of ctx.sentCompanyIds) {
    if (ctx.created.some((c) => c.companyId === companyId)) continue;
    const id = await lookUp(base, target, companyId);
    if (id) ctx.created.push({ id, companyId, name: "" });
  }
  for (const company of ctx.created) {
    if (ctx.deletedIds.includes(company.id)) continue;
    await remove(`/companies/${encodeURIComponent(company.id)}`, `company ${company.id}`);
  }
  if (createdContact && ctx.contactId)
    await remove(`/contacts/${encodeURIComponent(ctx.contactId)}`, `contact ${ctx.contactId}`);
  for (const left of done.left) notes.push(`clean-up: could not delete ${left}; delete it by hand`);
  return done;
}
