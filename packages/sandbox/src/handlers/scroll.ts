// The Scroll API, by Intercom's rules (spec/NOTES.md): one open scroll per workspace; each page's
// answer carries the `scroll_param` of the next page, and sending a `scroll_param` again answers
// the same page again (a retry after a lost answer, or a second consumer: never a split); one
// minute unused expires the scroll; the empty page ends it.
import { randomUUID } from "node:crypto";
import { ApiError } from "../errors.ts";
import type { ScrollState, Workspace } from "../store/types.ts";
import type { Services, SpecHandlers } from "./types.ts";

/** How many companies a scroll page holds. */
export const SCROLL_PAGE_SIZE = 50;
/** How long a scroll lives after the last request that used it. */
export const SCROLL_TTL_MS = 60_000;

const notFound = () =>
  new ApiError(
    404,
    "not_found",
    "Scroll parameter not found or expired. Start a new scroll without scroll_param.",
    "scroll_param",
  );

export function scrollHandler(services: Services): Pick<SpecHandlers, "scrollCompanies"> {
  const { store, presenter } = services;
  const scrolls = store.scrolls;

  const answer = (
    ws: Workspace,
    records: Awaited<ReturnType<typeof store.companies.scrollPage>>,
    param: string,
  ) => ({
    type: "list" as const,
    data: records.map((record) => presenter.company(ws, record)),
    pages: null,
    total_count: null,
    scroll_param: param,
  });

  /** The page after `state.after`, moving the scroll on (or ending it). */
  async function next(ws: Workspace, state: ScrollState, now: number) {
    const records = await store.companies.scrollPage(
      ws,
      state.after,
      state.until,
      SCROLL_PAGE_SIZE,
    );
    if (records.length === 0) {
      // The end: the scroll is over, its parameters expire at once.
      await scrolls.close(ws.rid, state.id);
      return answer(ws, records, state.param);
    }
    const param = randomUUID();
    const last = records.at(-1)?.rid ?? state.after;
    if (
      await scrolls.advance(ws.rid, state.id, state.param, {
        param,
        after: last,
        expiresAt: now + SCROLL_TTL_MS,
      })
    ) {
      return answer(ws, records, param);
    }
    // Another request moved the scroll on from the same parameter first (a shared backend):
    // this one is a repeat of that page.
    const moved = await scrolls.current(ws.rid);
    if (moved?.id !== state.id || moved.previousParam !== state.param) throw notFound();
    return answer(ws, records, moved.param);
  }

  return {
    async scrollCompanies({ request, query, ws }) {
      const now = services.nowMs();
      const sent = query.scroll_param;
      if (sent === undefined) {
        // A workspace that never wrote, or has no company, has nothing to scroll: its scroll is
        // over at once, without opening one (so concurrent ones of an empty workspace never meet,
        // on a storage that answers asynchronously too).
        if (ws.rid === 0) return answer(ws, [], randomUUID());
        const until = await store.companies.lastRid(ws);
        if (until === 0) return answer(ws, [], randomUUID());
        const state: ScrollState = {
          id: randomUUID(),
          ws: ws.rid,
          param: randomUUID(),
          after: 0,
          previousParam: null,
          previousAfter: 0,
          until,
          expiresAt: now + SCROLL_TTL_MS,
        };
        if (!(await scrolls.open(state, now))) {
          throw new ApiError(
            400,
            "bad_request",
            "A scroll is already open for this workspace, and a workspace can have only one at a time: continue it with its scroll_param until an empty page ends it, or start again once it has expired (one minute after its last use).",
          );
        }
        return next(ws, state, now);
      }
      const state = ws.rid === 0 ? undefined : await scrolls.current(ws.rid);
      if (!state || (sent !== state.param && sent !== state.previousParam)) throw notFound();
      if (state.expiresAt <= now) {
        await scrolls.close(ws.rid, state.id);
        throw notFound();
      }
      if (request.chaos?.scrollRestart) {
        await scrolls.close(ws.rid, state.id);
        throw new ApiError(
          500,
          "server_error",
          "Request failed due to an internal network error. Please restart the scroll operation.",
        );
      }
      if (sent === state.previousParam) {
        // The same page again, with the parameter of the page after it.
        const records = await store.companies.scrollPage(
          ws,
          state.previousAfter,
          state.until,
          SCROLL_PAGE_SIZE,
        );
        await scrolls.touch(ws.rid, state.id, now + SCROLL_TTL_MS);
        return answer(ws, records, state.param);
      }
      return next(ws, state, now);
    },
  };
}
