/**
 * The shape of `fetch` the client calls. The attempt's signal is always in `init.signal`; a
 * `fetch` that does not declare `init`, such as `(request) => fetch(request)`, gets it on the
 * `Request` itself as well.
 */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;
