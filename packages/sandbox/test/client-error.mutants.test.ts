// What the sandbox writes on the socket for a request Node's HTTP parser rejected before fastify
// saw it (clientError in app.ts), with a socket that records what it is given.
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { clientError } from "../src/app.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function answer(code: string | undefined, message = "Parse Error: something", writable = true) {
  let written = "";
  let destroyed = false;
  const socket = {
    writable,
    end: (text: string) => {
      written = text;
    },
    destroy: () => {
      destroyed = true;
    },
  } as unknown as Socket;
  clientError(Object.assign(new Error(message), code === undefined ? {} : { code }), socket);
  const [head = "", body = ""] = written.split("\r\n\r\n");
  return { head, body: body ? JSON.parse(body) : undefined, destroyed, written };
}

describe("a request Node's parser rejected", () => {
  it.each([
    [
      "HPE_HEADER_OVERFLOW",
      "431 Request Header Fields Too Large",
      "The request's headers are too large or too many: send fewer or shorter headers.",
    ],
    [
      "ERR_HTTP_REQUEST_TIMEOUT",
      "408 Request Timeout",
      "The request took too long to arrive: send its headers and body without pausing.",
    ],
    [
      "HPE_UNEXPECTED_CONTENT_LENGTH",
      "400 Bad Request",
      "The request is malformed (HPE_UNEXPECTED_CONTENT_LENGTH): send one Content-Length or Transfer-Encoding, and well-formed headers.",
    ],
    [
      undefined,
      "400 Bad Request",
      "The request is malformed (Parse Error: something): send one Content-Length or Transfer-Encoding, and well-formed headers.",
    ],
  ])("%s answers %s as an error.list", (code, statusLine, message) => {
    const { head, body } = answer(code);
    expect(head.split("\r\n")[0]).toBe(`HTTP/1.1 ${statusLine}`);
    expect(head).toContain("Connection: close");
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(JSON.stringify(body))}`);
    expect(body).toEqual({
      type: "error.list",
      request_id: expect.stringMatching(UUID),
      errors: [{ code: "bad_request", message }],
    });
  });

  it("closes a socket it can no longer write to, writing nothing", () => {
    const { destroyed, written } = answer("HPE_HEADER_OVERFLOW", "x", false);
    expect(destroyed).toBe(true);
    expect(written).toBe("");
  });
});
