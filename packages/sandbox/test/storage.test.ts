// The storage of the backend under test, used directly: what both backends must do alike where
// the HTTP tests do not look closely. Pinned ids of fixtures that another record has, contacts
// found by one key, what deleting a company takes with it, the tags and segments of every
// company of a scroll page, paging a company's contacts, and the custom attribute cap on create.
import { describe, expect, it } from "vitest";
import { MAX_CUSTOM_ATTRIBUTES } from "../src/limits.ts";
import { backend } from "./support/backend.ts";
import { openStorage, withStorage } from "./support/storage.ts";

describe(`storage (${backend})`, () => {
  it("refuses a tag id pinned by a fixture that another tag has, and keeps both as they were", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      expect(await store.tags.apply(ws, "VIP", [], "1234567")).toEqual({
        id: "1234567",
        name: "VIP",
      });
      await expect(store.tags.apply(ws, "Churned", [], "1234567")).rejects.toThrow(
        "The tag id 1234567 is another tag's in this workspace: pin each tag to an id of its own, or leave the id out to get a new one.",
      );
      // The tag of that name, pinned to the id it already has, is found as it is.
      expect(await store.tags.apply(ws, "VIP", [], "1234567")).toEqual({
        id: "1234567",
        name: "VIP",
      });
      expect(await store.tags.list(ws)).toEqual([{ id: "1234567", name: "VIP" }]);
    }));

  it("refuses a segment id pinned by a fixture that another segment has", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      const id = "65f000000000000000000001";
      await store.segments.ensure(ws, { id, name: "Active", personType: "user" }, []);
      await expect(
        store.segments.ensure(ws, { id, name: "Dormant", personType: "user" }, []),
      ).rejects.toThrow(
        `The segment id ${id} is another segment's in this workspace: pin each segment to an id of its own, or leave the id out to get a new one.`,
      );
      expect((await store.segments.list(ws)).map((segment) => segment.name)).toEqual(["Active"]);
    }));

  it("refuses a company or contact id pinned by a fixture that another one has", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      const id = "65f0000000000000000000aa";
      await store.companies.upsert(ws, "acme", {}, { id });
      await expect(store.companies.upsert(ws, "globex", {}, { id })).rejects.toThrow(
        `The company id ${id} is another company's in this workspace: pin each company to an id of its own, or leave the id out to get a new one.`,
      );
      // The company that has it, upserted again with it, is updated as usual.
      expect((await store.companies.upsert(ws, "acme", { name: "Acme" }, { id })).name).toBe(
        "Acme",
      );
      expect(await store.companies.count(ws)).toBe(1);

      await store.contacts.create(ws, { id, email: "ada@example.com" });
      await expect(store.contacts.create(ws, { id, email: "bob@example.com" })).rejects.toThrow(
        `The contact id ${id} is another contact's in this workspace: pin each contact to an id of its own, or leave the id out to get a new one.`,
      );
      expect(await store.contacts.findByKey(ws, { email: "bob@example.com" })).toBeUndefined();
    }));

  it("finds a contact by its external_id alone, or by its email alone", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      const ada = await store.contacts.create(ws, {
        externalId: "ada-1",
        email: "ada@example.com",
      });
      expect((await store.contacts.findByKey(ws, { externalId: "ada-1" }))?.id).toBe(ada.id);
      expect((await store.contacts.findByKey(ws, { email: "ada@example.com" }))?.id).toBe(ada.id);
      // The external_id decides when both are given.
      expect(
        (await store.contacts.findByKey(ws, { externalId: "ada-1", email: "x@example.com" }))?.id,
      ).toBe(ada.id);
      expect(await store.contacts.findByKey(ws, { externalId: "bob-2" })).toBeUndefined();
    }));

  it("detaches a deleted company's contacts and untags it; the contacts stay", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      const ada = await store.contacts.create(ws, { email: "ada@example.com" });
      const acme = await store.companies.upsert(ws, "acme", {});
      const globex = await store.companies.upsert(ws, "globex", {});
      await store.contacts.attach(ws, ada.id, acme.id);
      await store.contacts.attach(ws, ada.id, globex.id);
      await store.tags.apply(ws, "VIP", [{ id: acme.id }, { id: globex.id }]);
      await store.companies.delete(ws, acme.id);
      const companies = await store.contacts.companiesOf(ws, ada.id, { page: 1, perPage: 10 });
      expect(companies.total).toBe(1);
      expect(companies.data.map((company) => company.companyId)).toEqual(["globex"]);
      expect((await store.contacts.get(ws, ada.id)).id).toBe(ada.id);
      // A new company of that company_id does not inherit the old one's tags.
      const again = await store.companies.upsert(ws, "acme", {});
      expect((await store.companies.get(ws, again.id)).tags).toEqual([]);
    }));

  it("gives every company of a scroll page its tags and segments", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      const names = ["one", "two", "three", "four"];
      for (const name of names) await store.companies.upsert(ws, name, {});
      for (const name of names) {
        await store.tags.apply(ws, `tag-${name}`, [{ company_id: name }]);
        await store.segments.ensure(ws, { name: `segment-${name}`, personType: "user" }, [name]);
      }
      const until = await store.companies.lastRid(ws);
      for (const limit of [1, 4]) {
        const page = await store.companies.scrollPage(ws, 0, until, limit);
        expect(page).toHaveLength(limit);
        for (const company of page) {
          expect(company.tags.map((tag) => tag.name)).toEqual([`tag-${company.companyId}`]);
          expect(company.segments.map((segment) => segment.name)).toEqual([
            `segment-${company.companyId}`,
          ]);
        }
      }
    }));

  it("pages a company's contacts in the order they were attached", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      const acme = await store.companies.upsert(ws, "acme", {});
      for (const name of ["ada", "bob", "cy", "di", "ed"]) {
        const contact = await store.contacts.create(ws, { email: `${name}@example.com` });
        await store.contacts.attach(ws, contact.id, acme.id);
      }
      const page = await store.contacts.ofCompany(ws, acme.id, { page: 2, perPage: 2 });
      expect(page.total).toBe(5);
      expect(page.data.map((contact) => contact.email)).toEqual([
        "cy@example.com",
        "di@example.com",
      ]);
    }));

  it("makes Intercom-style ids, 24 hex digits, whatever the clock reads", async () => {
    // A clock at 1 s after 1970: its 4 bytes of seconds are mostly zeros, and still 8 digits.
    const store = await openStorage(() => 1);
    try {
      const ws = await store.workspaces.ensure("hash");
      const company = await store.companies.upsert(ws, "acme", {});
      expect(company.id).toMatch(/^00000001[0-9a-f]{16}$/);
    } finally {
      await store.close();
    }
  });

  it("refuses to create a company over the custom attribute cap, and creates none", () =>
    withStorage(async (store) => {
      const ws = await store.workspaces.ensure("hash");
      const attributes = Object.fromEntries(
        Array.from({ length: MAX_CUSTOM_ATTRIBUTES }, (_, i) => [`a${i}`, i]),
      );
      // With the one the sandbox sets on create (creation_source), one too many.
      const over = store.companies.upsert(
        ws,
        "acme",
        { customAttributes: attributes },
        { customAttributes: { creation_source: "api" } },
      );
      await expect(over).rejects.toMatchObject({
        status: 400,
        code: "bad_request",
        message: `A company can hold at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this request would leave ${MAX_CUSTOM_ATTRIBUTES + 1}. Unset some (send them as null) or store the data elsewhere.`,
        field: "custom_attributes",
      });
      expect(await store.companies.count(ws)).toBe(0);
    }));
});
