// The load both benches send: autocannon options for a GET, or for upserts over 1,000
// company_ids (creates first, then updates) for a POST.
import type autocannon from "autocannon";

export function loadOptions(
  url: string,
  method: "GET" | "POST",
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): autocannon.Options {
  let counter = 0;
  return {
    url,
    method,
    headers,
    connections,
    duration: seconds,
    ...(method === "POST"
      ? {
          requests: [
            {
              method: "POST" as const,
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                body: JSON.stringify({
                  company_id: `bench-${counter++ % 1000}`,
                  name: "Bench Co",
                  size: 42,
                  custom_attributes: { n: counter },
                }),
              }),
            },
          ],
        }
      : {}),
  };
}
