// Nothing a client sends answers 5xx, and every error is an error.list: integers and floats at
// and past the edges of every integer body field the documents declare (written as raw JSON
// literals, so 2^63 arrives as a client wrote it), and the requests that fastify or Node's HTTP
// parser reject before any route runs.
import { connect } from "node:net";
import type { JsonSchema } from "@intercom-toolkit/spec/model";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { absoluteRefs, loadDocuments, type SandboxOperation } from "../src/documents.ts";
import type { Sandbox } from "../src/index.ts";
import { startSandbox } from "./helpers.ts";

const documents = loadDocuments();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Follows `$ref`s (absolute, `<document id>#/pointer`) within the two documents. */
function resolve(schema: JsonSchema): JsonSchema {
  let node = schema;
  for (let depth = 0; typeof node.$ref === "string" && depth < 10; depth++) {
    const [id = "", pointer = ""] = String(node.$ref).split("#");
    const model = id.endsWith("openapi-additions.json") ? documents.additions : documents.spec;
    let target: unknown = model.document;
    for (const key of pointer.split("/").slice(1)) {
      target = (target as Record<string, unknown>)[key];
    }
    node = absoluteRefs(target, id);
  }
  return node;
}

interface IntegerField {
  operation: SandboxOperation;
  name: string;
  minimum: number;
  maximum: number;
}

/** Every integer property of every request body, with its declared bounds. */
const integerFields: IntegerField[] = documents.operations.flatMap((operation) => {
  if (!operation.requestBody) return [];
  const body = resolve(absoluteRefs(operation.requestBody.schema, operation.baseId));
  return Object.entries((body.properties ?? {}) as Record<string, JsonSchema>)
    .map(([name, property]) => [name, resolve(property)] as const)
    .filter(([, property]) => property.type === "integer")
    .map(([name, property]) => ({
      operation,
      name,
      minimum: typeof property.minimum === "number" ? property.minimum : -(2 ** 53 - 1),
      maximum: typeof property.maximum === "number" ? property.maximum : 2 ** 53 - 1,
    }));
});

// JSON number literals around every edge an int64 or a double has.
const literal = fc.oneof(
  fc.constantFrom(
    "9007199254740991",
    "9007199254740992",
    "9007199254740993",
    "-9007199254740992",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1e300",
    "-1e300",
    "1.5",
    "0.1",
    "1e-7",
    "-0",
    "0",
    "4.0",
    "2147483648",
    "-1",
    "1E2",
  ),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);

let sandbox: Sandbox;
let companyId: string;
let contactId: string;
const token = "edge-token";
beforeAll(async () => {
  ({ sandbox } = await startSandbox());
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const company = await fetch(`${sandbox.url}/companies`, {
    method: "POST",
    headers,
    body: JSON.stringify({ company_id: "edge" }),
  });
  companyId = ((await company.json()) as { id: string }).id;
  const contact = await fetch(`${sandbox.url}/contacts`, {
    method: "POST",
    headers,
    body: JSON.stringify({ external_id: "edge-contact" }),
  });
  contactId = ((await contact.json()) as { id: string }).id;
});
afterAll(() => sandbox.close());

/** The operation's path with real ids, and a body holding `field` as the raw `text`. */
function request(field: IntegerField, text: string, n: number): { path: string; body: string } {
  const path = field.operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    name === "contact_id" || field.operation.path.startsWith("/contacts/{id}")
      ? contactId
      : companyId,
  );
  const required = (resolve(
    absoluteRefs(field.operation.requestBody?.schema ?? {}, field.operation.baseId),
  ).required ?? []) as string[];
  const base: Record<string, unknown> = {};
  for (const name of required) base[name] = name === "id" ? companyId : `edge-${n}`;
  // A contact needs a key of its own each time.
  if (field.operation.operationId === "createContact") base.external_id = `edge-${n}`;
  const json = JSON.stringify(base);
  return {
    path,
    body: `${json.slice(0, -1)}${json.length > 2 ? "," : ""}"${field.name}":${text}}`,
  };
}

describe("integers and floats at the edges", () => {
  it("answers each integer field's edge values 400 outside its bounds and 200 inside, never 5xx", async () => {
    expect(integerFields.map((f) => `${f.operation.operationId}.${f.name}`)).toEqual(
      expect.arrayContaining(["upsertCompany.size", "updateCompany.monthly_spend"]),
    );
    let n = 0;
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...integerFields), literal, async (field, text) => {
        n++;
        const { path, body } = request(field, text, n);
        const response = await fetch(`${sandbox.url}${path}`, {
          method: field.operation.method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
        });
        const answer = (await response.json()) as Record<string, unknown>;
        const value = JSON.parse(text) as number;
        const valid = Number.isInteger(value) && value >= field.minimum && value <= field.maximum;
        const context = `${field.operation.operationId} ${field.name}=${text} -> ${response.status} ${JSON.stringify(answer).slice(0, 200)}`;
        expect(response.status, context).toBe(valid ? 200 : 400);
        if (valid) {
          seen.accepted++;
          // Exactly the value sent (-0 reads back as 0, which JSON cannot tell apart).
          if (field.name in answer) expect(answer[field.name] === value, context).toBe(true);
        } else {
          seen.refused++;
          expect(answer.type, context).toBe("error.list");
          const [error] = answer.errors as { code: string; field?: string }[];
          expect(error?.code, context).toBe("bad_request");
          expect(error?.field, context).toBe(field.name);
        }
      }),
      { numRuns: 600, seed: 20_251_201 },
    );
    console.log(`integer edges: ${seen.accepted} accepted, ${seen.refused} refused`);
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});

/** Sends raw bytes and reads the whole answer (the server closes or answers in full). */
function raw(text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    // Written without closing our side: Node's server drops a half-closed connection's request
    // still in progress (an asynchronous storage answers after the FIN has arrived).
    const socket = connect(sandbox.port, "127.0.0.1", () => socket.write(text));
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolvePromise({
        status: Number(match?.[1] ?? 0),
        body: received.slice(received.indexOf("\r\n\r\n") + 4),
      });
    });
  });
}

const auth = `Authorization: Bearer ${token}\r\n`;
const FRAMEWORK_CASES: [string, string, number][] = [
  [
    "bad percent-encoding in the path",
    `GET /companies/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${auth}\r\n`,
    400,
  ],
  [
    "a lone % in the path",
    `GET /companies/% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${auth}\r\n`,
    400,
  ],
  [
    "a path parameter over 2,048 characters",
    `GET /companies/${"a".repeat(3000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${auth}\r\n`,
    404,
  ],
  [
    "too many headers",
    `GET /companies HTTP/1.1\r\nHost: x\r\n${auth}${Array.from({ length: 3000 }, (_, i) => `X-H${i}: v\r\n`).join("")}\r\n`,
    431,
  ],
  [
    "Content-Length with Transfer-Encoding",
    `POST /companies HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    400,
  ],
  [
    "two different Content-Lengths",
    `POST /companies HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{"a":1}`,
    400,
  ],
  ["an invalid method", `FROB /companies HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 400],
  ["a header without a colon", `GET /companies HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n`, 400],
  [
    "a bad chunk size",
    `POST /companies HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
    400,
  ],
];

describe("rejections before any route runs", () => {
  it.each(
    FRAMEWORK_CASES.map(
      ([why, text, status]) => [`${why} answers ${status}`, text, status] as const,
    ),
  )("%s with an error.list", async (_title, text, status) => {
    const answer = await raw(text);
    expect(answer.status, answer.body).toBe(status);
    const body = JSON.parse(answer.body) as { type: string; request_id: string; errors: unknown[] };
    expect(body.type).toBe("error.list");
    expect(body.request_id).toMatch(UUID);
    expect(body.errors).toHaveLength(1);
  });
});
