import { expectTypeOf, test } from "vitest";
import type { Company, ErrorList } from "../src/index.ts";
import { createIntercomClient } from "../src/index.ts";

test("the raw client's types", () => {
  const client = createIntercomClient({ token: "t" });

  async function rawSurface(): Promise<void> {
    const { data, error, response } = await client.GET("/companies/{id}", {
      params: { path: { id: "c1" } },
    });
    const status: number = response.status;
    void status;
    if (error) {
      const list: ErrorList = error;
      void list;
    } else {
      // Narrowed: with no error, data is the Company.
      const found: Company = data;
      void found;
    }

    // @ts-expect-error responses narrow: before checking `error`, data may be undefined
    const unchecked: Company = data;
    void unchecked;

    // @ts-expect-error wrong path: /company/{id} is not in the spec
    await client.GET("/company/{id}", { params: { path: { id: "c1" } } });

    // @ts-expect-error wrong method: there is no PATCH on /companies/{id}
    await client.PATCH("/companies/{id}", { params: { path: { id: "c1" } } });

    // @ts-expect-error missing path parameter: id is required
    await client.GET("/companies/{id}", { params: { path: {} } });

    await client.DELETE("/contacts/{contact_id}/companies/{id}", {
      // @ts-expect-error missing path parameter: contact_id is required to detach
      params: { path: { id: "c1" } },
    });

    // @ts-expect-error wrong body field: size is an integer
    await client.POST("/companies", { body: { company_id: "acme", size: "120" } });

    await client.PUT("/companies/{id}", {
      params: { path: { id: "c1" } },
      // @ts-expect-error wrong body field: a custom attribute cannot be an object
      body: { custom_attributes: { a: {} } },
    });

    // openapi-fetch infers `init` generically, so TypeScript does not flag an unknown extra body
    // field on the raw surface; the named helpers (typed with the spec's schemas) do.
    await client.POST("/companies", { body: { company_id: "acme", company_name: "Acme" } });

    // @ts-expect-error missing body: the upsert needs its body
    await client.POST("/companies", {});

    // @ts-expect-error wrong enum value: order is asc or desc
    await client.POST("/companies/list", { params: { query: { order: "ascending" } } });

    await client.GET("/companies/{id}", {
      // @ts-expect-error wrong enum value: Intercom-Version is "2.7"
      params: { path: { id: "c1" }, header: { "Intercom-Version": "1.4" } },
    });

    const list = await client.POST("/companies/list", {
      params: { query: { order: "asc", per_page: 60 } },
    });
    expectTypeOf<NonNullable<typeof list.data>["data"]>().toEqualTypeOf<Company[]>();
  }
});
