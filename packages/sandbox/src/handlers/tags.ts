// Handlers of the tag and segment additions.
import { segment, tag } from "../present.ts";
import type { AdditionHandlers, Services } from "./types.ts";

export function tagHandlers(
  services: Services,
): Pick<AdditionHandlers, "tagCompanies" | "listTags" | "listSegments"> {
  const { store } = services;
  return {
    async tagCompanies({ body, writable }) {
      const ws = await writable();
      const companies = (body.companies ?? []) as {
        id?: string;
        company_id?: string;
        untag?: boolean;
      }[];
      return tag(await store.tags.apply(ws, String(body.name), companies));
    },
    async listTags({ ws }) {
      return { type: "list", data: (await store.tags.list(ws)).map(tag) };
    },
    async listSegments({ ws }) {
      return { type: "segment.list", segments: (await store.segments.list(ws)).map(segment) };
    },
  };
}
