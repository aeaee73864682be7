// Written to kill mutants of src/diff/describe.ts and compare.ts the suite let live: where a
// change is said to be (document, component, operation, response, request body, parameter), what
// it is called, its before/after values, and the order of the report (breaking first, then the
// library's order). Each case compares a tiny document with an edited copy (test/tiny-spec.ts).
import { describe, expect, it } from "vitest";
import type { Doc } from "./helpers.ts";
import { changesAfter, inCreateThing, said, tinySpec } from "./tiny-spec.ts";

const post = (doc: Doc) => doc.paths["/things"].post;
const NO_RULE = (type: string) => `api-smart-diff calls it ${type} and no tuned rule disagrees`;

describe("changes outside operations", () => {
  it("names the document field and quotes its values", () => {
    const base = tinySpec();
    base.info.description = "Old.";
    expect(said(changesAfter(base, (doc) => (doc.info.description = "New.")))).toEqual([
      {
        area: "document",
        what: "info.description changed",
        before: '"Old."',
        after: '"New."',
        classification: "annotation",
        reason: "documentation only",
      },
    ]);
    expect(said(changesAfter(base, (doc) => delete doc.info.title))).toEqual([
      {
        area: "document",
        what: "info.title removed",
        before: '"tiny"',
        classification: "annotation",
        reason: "documentation only",
      },
    ]);
    expect(said(changesAfter(base, (doc) => (doc.info.termsOfService = "https://x")))).toEqual([
      {
        area: "document",
        what: "info.termsOfService added",
        after: '"https://x"',
        classification: "annotation",
        reason: "documentation only",
      },
    ]);
  });

  it("names a nested document field by its whole path", () => {
    const base = tinySpec();
    base.info.contact = { name: "x" };
    expect(said(changesAfter(base, (doc) => (doc.info.contact.name = "y")))).toEqual([
      {
        area: "document",
        what: "info.contact.name changed",
        before: '"x"',
        after: '"y"',
        classification: "annotation",
        reason: "documentation only",
      },
    ]);
  });

  it("reports a new components section as a document change", () => {
    const changes = changesAfter(tinySpec(), (doc) => {
      doc.components.securitySchemes = { key: { type: "http", scheme: "bearer" } };
    });
    expect(said(changes)).toEqual([
      {
        area: "document",
        what: "components.securitySchemes added",
        after: '{"key":{"type":"http","scheme":"bearer"}}',
        classification: "breaking",
        reason: NO_RULE("breaking"),
      },
    ]);
  });

  it("says a changed component no operation uses is used by no operation", () => {
    const base = tinySpec();
    base.components.parameters = { Unused: { name: "u", in: "query" } };
    const changes = changesAfter(base, (doc) => {
      doc.components.parameters.Unused.description = "U.";
    });
    expect(said(changes)).toEqual([
      {
        area: "components.parameters.Unused (used by no operation)",
        what: "description added",
        after: '"U."',
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      },
    ]);
  });

  it("follows a recursive schema without looping, and reports its change in the operation", () => {
    const base = tinySpec();
    base.components.schemas.Out.properties.children = {
      type: "array",
      items: { $ref: "#/components/schemas/Out" },
    };
    const changes = changesAfter(base, (doc) => {
      doc.components.schemas.Out.properties.id.type = "integer";
    });
    expect(said(changes)).toEqual([
      inCreateThing({
        subject: "Out.id",
        area: "response 200 (application/json)",
        what: "type changed",
        before: "string",
        after: "integer",
        classification: "breaking",
        reason: "responses may now carry values the existing client types do not describe",
        rule: "response-values-widened",
      }),
    ]);
  });
});

describe("changes in an operation", () => {
  it("a new operation, a renamed operationId and a new summary", () => {
    expect(
      said(
        changesAfter(tinySpec(), (doc) => {
          doc.paths["/things"].get = {
            operationId: "listThings",
            responses: { "200": { description: "ok" } },
          };
        }),
      ),
    ).toEqual([
      {
        operation: "listThings",
        area: "operation",
        what: "operation added",
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      },
    ]);
    const renamed = changesAfter(tinySpec(), (doc) => {
      post(doc).operationId = "makeThing";
      post(doc).summary = "Make";
    });
    expect(said(renamed)).toEqual([
      {
        operation: "makeThing",
        area: "operation",
        what: "operationId changed",
        before: '"createThing"',
        after: '"makeThing"',
        classification: "breaking",
        reason: "generated clients name the method and its types after the operationId",
        rule: "operation-id-renamed",
      },
      {
        operation: "makeThing",
        area: "operation",
        what: "summary added",
        after: '"Make"',
        classification: "annotation",
        reason: "documentation only",
      },
    ]);
    expect(renamed[0]?.operation).toEqual({ id: "makeThing", method: "POST", path: "/things" });
  });

  it("an operation's tags, and responses where there were none, by their path", () => {
    const base = tinySpec();
    post(base).tags = ["a"];
    expect(said(changesAfter(base, (doc) => (post(doc).tags = ["b"])))).toEqual([
      inCreateThing({
        area: "operation",
        what: "tags.0 changed",
        before: '"a"',
        after: '"b"',
        classification: "annotation",
        reason: "documentation only",
      }),
    ]);
    delete post(base).responses;
    const ok = { "200": { description: "ok" } };
    expect(said(changesAfter(base, (doc) => (post(doc).responses = ok)))).toEqual([
      inCreateThing({
        area: "operation",
        what: "responses added",
        after: '{"200":{"description":"ok"}}',
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      }),
    ]);
  });

  it("a new response, a response's description and a new header", () => {
    const changes = changesAfter(tinySpec(), (doc) => {
      const ok = post(doc).responses["200"];
      ok.description = "Now.";
      ok.headers = { "X-Rate": { schema: { type: "integer" } } };
      post(doc).responses["201"] = { description: "Created." };
    });
    expect(said(changes)).toEqual(
      expect.arrayContaining([
        inCreateThing({
          area: "response 200",
          what: "headers added",
          after: '{"X-Rate":{"schema":{"type":"integer"}}}',
          classification: "non-breaking",
          reason: NO_RULE("non-breaking"),
        }),
        inCreateThing({
          area: "response 201",
          what: "response added",
          classification: "non-breaking",
          reason: NO_RULE("non-breaking"),
        }),
        inCreateThing({
          area: "response 200",
          what: "description changed",
          before: '"The thing."',
          after: '"Now."',
          classification: "annotation",
          reason: "documentation only",
        }),
      ]),
    );
    expect(changes).toHaveLength(3);
  });

  it("a header's schema is located by the header's name", () => {
    const base = tinySpec();
    post(base).responses["200"].headers = { "X-Rate": { schema: { type: "integer" } } };
    const changes = changesAfter(base, (doc) => {
      post(doc).responses["200"].headers["X-Rate"].schema.type = "string";
    });
    expect(said(changes)).toEqual([
      inCreateThing({
        subject: "body",
        area: "response 200 (X-Rate)",
        what: "type changed",
        before: "integer",
        after: "string",
        classification: "breaking",
        reason: "api-smart-diff leaves it unclassified: treated as breaking to be safe",
        rule: "unclassified-is-breaking",
      }),
    ]);
  });

  it("the request body's description, and a `schema` key that is no body schema", () => {
    expect(
      said(changesAfter(tinySpec(), (doc) => (post(doc).requestBody.description = "Body."))),
    ).toEqual([
      inCreateThing({
        area: "request body",
        what: "requestBody.description added",
        after: '"Body."',
        classification: "annotation",
        reason: "documentation only",
      }),
    ]);
    // Swagger 2 put `schema` right under the body; OpenAPI 3 has it under `content.<type>`.
    const misplaced = tinySpec();
    post(misplaced).requestBody.schema = { type: "string" };
    expect(
      said(changesAfter(misplaced, (doc) => (post(doc).requestBody.schema.type = "integer"))),
    ).toEqual([
      inCreateThing({
        area: "request body",
        what: "requestBody.schema.type changed",
        before: '"string"',
        after: '"integer"',
        classification: "breaking",
        reason: "api-smart-diff leaves it unclassified: treated as breaking to be safe",
        rule: "unclassified-is-breaking",
      }),
    ]);
    // Nor is a `schema` key inside an extension.
    const extended = tinySpec();
    post(extended)["x-meta"] = { a: { schema: 1 } };
    expect(said(changesAfter(extended, (doc) => (post(doc)["x-meta"].a.schema = 2)))).toEqual([
      inCreateThing({
        area: "operation",
        what: "x-meta.a.schema changed",
        before: "1",
        after: "2",
        classification: "annotation",
        reason: "documents the API, changes no message",
        rule: "examples-and-extensions-document",
      }),
    ]);
  });

  it("names an inline body schema `body`", () => {
    const base = tinySpec();
    post(base).requestBody.content["application/json"].schema = {
      type: "object",
      properties: { name: { type: "string" } },
    };
    const changes = changesAfter(base, (doc) => {
      post(doc).requestBody.content["application/json"].schema.properties.extra = {
        type: "string",
      };
    });
    expect(said(changes)).toEqual([
      inCreateThing({
        subject: "body.extra",
        area: "request body (application/json)",
        what: "optional property added",
        after: "string",
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      }),
    ]);
  });
});

describe("parameters", () => {
  const limit = { name: "limit", in: "query", schema: { type: "integer" } };
  const withLimit = () => {
    const doc = tinySpec();
    doc.components.parameters = { Limit: limit };
    post(doc).parameters.push({ $ref: "#/components/parameters/Limit" });
    return doc;
  };

  it("resolves a new $ref parameter in the new document", () => {
    const after = withLimit();
    const changes = changesAfter(tinySpec(), (doc) => Object.assign(doc, after));
    expect(said(changes)[0]).toEqual(
      inCreateThing({
        area: 'query parameter "limit"',
        what: "optional parameter added",
        after: "integer",
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      }),
    );
  });

  it("resolves a removed $ref parameter in the old document", () => {
    const changes = changesAfter(withLimit(), (doc) => {
      delete doc.components.parameters;
      post(doc).parameters.pop();
    });
    expect(said(changes)[0]).toEqual(
      inCreateThing({
        area: 'query parameter "limit"',
        what: "parameter removed",
        before: "integer",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    );
  });

  const getThing = () => {
    const doc = tinySpec();
    doc.paths["/things/{id}"] = {
      parameters: [{ name: "v", in: "header", schema: { type: "string" } }],
      get: {
        operationId: "getThing",
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "q", in: "query", schema: { type: "string" } },
          { name: "q", in: "header", schema: { type: "string" } },
        ],
        responses: { "200": { description: "ok" } },
      },
    };
    return doc;
  };
  const get = (doc: Doc) => doc.paths["/things/{id}"].get;

  it("tells a header parameter from a query parameter of the same name", () => {
    const changes = changesAfter(getThing(), (doc) => {
      get(doc).parameters[2].required = true;
      get(doc).parameters[1].description = "Q.";
    });
    expect(said(changes)).toEqual([
      {
        operation: "getThing",
        area: 'header parameter "q"',
        what: "parameter became required",
        before: "false",
        after: "true",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      },
      {
        operation: "getThing",
        area: 'query parameter "q"',
        what: "description added",
        after: '"Q."',
        classification: "annotation",
        reason: "documentation only",
      },
    ]);
  });

  it("counts a path parameter as required whatever its `required` says", () => {
    expect(changesAfter(getThing(), (doc) => delete get(doc).parameters[0].required)).toEqual([]);
    const added = changesAfter(getThing(), (doc) => {
      get(doc).parameters.push({ name: "sub", in: "path", schema: { type: "string" } });
    });
    expect(said(added)).toEqual([
      {
        operation: "getThing",
        area: 'path parameter "sub"',
        what: "required parameter added",
        after: "string",
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      },
    ]);
  });

  it("a required query parameter that becomes optional", () => {
    const base = tinySpec();
    post(base).parameters[0].required = true;
    const changes = changesAfter(base, (doc) => {
      post(doc).parameters[0].required = false;
    });
    expect(said(changes)).toEqual([
      inCreateThing({
        area: 'query parameter "q"',
        what: "parameter became optional",
        before: "true",
        after: "false",
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      }),
    ]);
  });

  it("finds a path item's parameter when the operation has none of its own", () => {
    const base = getThing();
    delete get(base).parameters;
    const changes = changesAfter(base, (doc) => {
      doc.paths["/things/{id}"].parameters[0].required = true;
    });
    expect(said(changes)).toEqual([
      {
        operation: "getThing",
        area: 'header parameter "v"',
        what: "parameter became required",
        before: "false",
        after: "true",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      },
    ]);
  });
});

describe("the order of the changes", () => {
  it("is breaking, non-breaking, annotation, each in the order api-smart-diff found them", () => {
    const base = tinySpec();
    base.components.schemas.In.properties.b = { type: "integer" };
    const changes = changesAfter(base, (doc) => {
      doc.info.description = "New.";
      delete doc.components.schemas.Out.properties.id;
      doc.components.schemas.In.properties.c = { type: "string" };
      post(doc).summary = "S";
      delete doc.components.schemas.In.properties.b;
    });
    expect(changes.map((change) => [change.classification, change.subject ?? change.what])).toEqual(
      [
        ["breaking", "Out.id"],
        ["non-breaking", "In.b"],
        ["non-breaking", "In.c"],
        ["annotation", "info.description added"],
        ["annotation", "summary added"],
      ],
    );
  });

  it("keeps many changes of one class in the order they were found", () => {
    const added = ["p1", "p2", "p3", "p4", "p5", "p6"];
    const changes = changesAfter(tinySpec(), (doc) => {
      for (const name of added) doc.components.schemas.In.properties[name] = { type: "string" };
      delete doc.components.schemas.Out.properties.id;
      doc.info.description = "x";
    });
    expect(changes.map((change) => change.subject ?? change.what)).toEqual([
      "Out.id",
      ...added.map((name) => `In.${name}`),
      "info.description added",
    ]);
  });
});
