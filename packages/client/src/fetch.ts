/** The shape of `fetch` the client calls: a `Request`, plus an init whose `signal` must be honoured. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;
