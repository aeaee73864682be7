// Bearer authentication in this process, against a storage that counts its look-ups: which
// headers are refused (and with which words), and which workspaces are kept so a known token
// costs no round trip.
import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/errors.ts";
import { authenticator } from "../src/http/plugins/auth.ts";
import { hashToken } from "../src/store/ids.ts";
import type { Storage, Workspace } from "../src/store/types.ts";

/** A storage whose only workspaces are those of `known` tokens; counts every look-up. */
function fakeStore(known: (hash: string) => boolean) {
  const lookups: string[] = [];
  const store = {
    workspaces: {
      find: async (tokenHash: string): Promise<Workspace | undefined> => {
        lookups.push(tokenHash);
        return known(tokenHash) ? { rid: 7, tokenHash, appId: "app7" } : undefined;
      },
    },
  } as unknown as Storage;
  return { store, lookups };
}

const request = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as FastifyRequest;

async function refusal(authenticate: ReturnType<typeof authenticator>, header?: string) {
  try {
    await authenticate(request(header));
  } catch (error) {
    return error;
  }
  throw new Error(`${header} was accepted`);
}

describe("authentication", () => {
  it("tells a request without a header how to send the token", async () => {
    const error = await refusal(authenticator(fakeStore(() => true).store));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: "unauthorized",
      message: "Access Token Invalid: send Authorization: Bearer <token>",
    });
  });

  it.each([
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["Bearer without a token", "Bearer "],
    ["a character a token cannot hold", "Bearer tok*en"],
    ["padding inside the token", "Bearer to=ken"],
    ["a token over 1,024 characters", `Bearer ${"a".repeat(1025)}`],
  ])("refuses %s", async (_why, header) => {
    expect(await refusal(authenticator(fakeStore(() => true).store), header)).toMatchObject({
      status: 401,
      code: "unauthorized",
      message: "Access Token Invalid",
    });
  });

  it.each([
    ["a token of 1,024 characters", `Bearer ${"a".repeat(1024)}`, "a".repeat(1024)],
    ["any case of Bearer, spaces around", "bEaReR   tok-en._~+/==  ", "tok-en._~+/=="],
  ])("accepts %s", async (_why, header, token) => {
    const { store, lookups } = fakeStore(() => true);
    const workspace = await authenticator(store)(request(header));
    expect(workspace).toEqual({ rid: 7, tokenHash: hashToken(token), appId: "app7" });
    expect(lookups).toEqual([hashToken(token)]);
  });

  it("keeps a workspace it found, and sets it on every request", async () => {
    const { store, lookups } = fakeStore(() => true);
    const authenticate = authenticator(store);
    const first = request("Bearer one");
    const second = request("Bearer one");
    await authenticate(first);
    // Known now: answered at once, not through a promise.
    const again = authenticate(second);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toEqual({ rid: 7, tokenHash: hashToken("one"), appId: "app7" });
    expect(second.workspace).toBe(again);
    expect(second.tokenHash).toBe(hashToken("one"));
    expect(first.workspace).toEqual(again);
    expect(lookups).toHaveLength(1);
  });

  it("reads a token that never wrote as an empty workspace, asking again next time", async () => {
    const { store, lookups } = fakeStore(() => false);
    const authenticate = authenticator(store);
    const incoming = request("Bearer fresh");
    expect(await authenticate(incoming)).toEqual({
      rid: 0,
      tokenHash: hashToken("fresh"),
      appId: "",
    });
    expect(incoming.workspace).toEqual({ rid: 0, tokenHash: hashToken("fresh"), appId: "" });
    await authenticate(request("Bearer fresh"));
    // Its first write makes a workspace row: the next look-up must see it.
    expect(lookups).toHaveLength(2);
  });

  it("keeps at most 10,000 workspaces: the 10,001st starts the cache over", async () => {
    const { store, lookups } = fakeStore(() => true);
    const authenticate = authenticator(store);
    for (let index = 0; index < 10_000; index++) await authenticate(request(`Bearer t${index}`));
    await authenticate(request("Bearer t0"));
    expect(lookups).toHaveLength(10_000);
    await authenticate(request("Bearer t10000"));
    await authenticate(request("Bearer t0"));
    expect(lookups).toHaveLength(10_002);
  });
});
