import { expectTypeOf, test } from "vitest";
import { helpers as namedHelpers, type PageIterator } from "../src/helpers.ts";
import {
  type Company,
  type CompanyList,
  type Contact,
  createIntercomClient,
  type DeletedCompany,
  IntercomApiError,
  type IntercomError,
  type IntercomErrorCode,
  type RateLimitState,
  type RetryContext,
  type Segment,
} from "../src/index.ts";

test("the helpers' types", () => {
  const client = createIntercomClient({
    token: "t",
    region: "eu",
    retry: { retries: 5 },
    timeoutMs: 10_000,
    plugins: [namedHelpers()],
  });

  async function helpers(): Promise<void> {
    expectTypeOf<Awaited<ReturnType<typeof client.companies.upsert>>>().toEqualTypeOf<Company>();
    expectTypeOf<
      Awaited<ReturnType<typeof client.companies.delete>>
    >().toEqualTypeOf<DeletedCompany>();
    expectTypeOf<Awaited<ReturnType<typeof client.companies.listSegments>>>().toEqualTypeOf<
      Segment[]
    >();
    expectTypeOf<ReturnType<typeof client.companies.list>>().toEqualTypeOf<
      PageIterator<Company, CompanyList>
    >();

    for await (const contact of client.companies.listContacts("c1")) {
      const typed: Contact = contact;
      void typed;
    }
    for await (const company of client.companies.scroll({ maxRestarts: 1 })) {
      const typed: Company = company;
      void typed;
    }

    // @ts-expect-error wrong body field: company_name is not a field of the upsert body
    await client.companies.upsert({ company_id: "acme", company_name: "Acme" });

    // @ts-expect-error update does not accept company_id
    await client.companies.update("c1", { company_id: "acme" });

    // @ts-expect-error wrong enum value: order is asc or desc
    client.companies.list({ order: "ascending" });

    // @ts-expect-error wrong enum value: onLimit is warn or throw
    client.companies.list({ onLimit: "ignore" });

    // @ts-expect-error find takes companyId or name, not both
    await client.companies.find({ companyId: "a", name: "b" });

    // @ts-expect-error search needs a tagId or a segmentId
    client.companies.search({ perPage: 10 });

    // @ts-expect-error missing argument: detaching needs the company's id
    await client.contacts.detachCompany("ct1");

    // @ts-expect-error wrong option: region is us, eu or au
    createIntercomClient({ token: "t", region: "uk" });

    // @ts-expect-error wrong option: retry takes retries, not attempts
    createIntercomClient({ token: "t", retry: { attempts: 3 } });

    createIntercomClient({
      token: "t",
      retry: {
        statuses: [429, 503],
        shouldRetry: (context: RetryContext) =>
          context.status === 503 ? context.idempotent : undefined,
      },
    });

    // @ts-expect-error shouldRetry answers a boolean (or undefined), not a delay
    createIntercomClient({ token: "t", retry: { shouldRetry: () => 1000 } });

    try {
      await client.companies.retrieve("c1");
    } catch (error) {
      if (error instanceof IntercomApiError) {
        const status: number = error.status;
        const code: string | undefined = error.code;
        expectTypeOf(error.code).toEqualTypeOf<IntercomErrorCode>();
        expectTypeOf<IntercomError["status"]>().toEqualTypeOf<number | undefined>();
        const limit: RateLimitState = error.rateLimit;
        const field: string | null | undefined = error.errors[0]?.field;
        void [status, code, limit, field];
        // @ts-expect-error the operation is an operationId of the spec
        const wrong: "getCompany" = error.operation;
        void wrong;
      }
    }
  }
});

test("the core client has the helpers only with the helpers() plugin", () => {
  const core = createIntercomClient({ token: "t" });
  // @ts-expect-error the named helpers come with helpers() of @intercom-toolkit/client/helpers
  core.companies;
  expectTypeOf(core.GET).toBeFunction();
  const withHelpers = createIntercomClient({ token: "t", plugins: [namedHelpers()] });
  expectTypeOf(withHelpers.companies.find).toBeFunction();
  expectTypeOf(withHelpers.GET).toBeFunction();
});
