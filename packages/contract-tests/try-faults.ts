import { startServer } from "@intercom-toolkit/server-process";
import { runContract, startValidationProxy } from "./src/index.ts";
import { startFaultLayer } from "./test/fixtures/fault-layer.ts";
import { faults, harmlessChanges } from "./test/fixtures/faults-more.ts";
const sb = await startServer({ name: "sandbox", entry: "../sandbox/dist/cli.mjs", args: ["--port","0","--db",":memory:","--body-limit","65536"], readyWhen: (l) => /listening on (http\S+)/.exec(l)?.[1] });
const filter = process.argv[2];
const all = [...faults, ...harmlessChanges].filter(f => !filter || f.id.includes(filter));
const byRun = new Map(all.map(f => [`m-${f.id}`, f]));
const layer = await startFaultLayer(sb.url, (runId) => byRun.get(runId ?? ""));
const t0 = performance.now();
const proxies = await Promise.all([1,2].map(() => startValidationProxy({ target: layer.url })));
console.log("proxies", Math.round(performance.now() - t0));
let i = 0;
const rows: string[] = [];
async function worker(w: number) {
  while (i < all.length) {
    const f = all[i++]!;
    const r = await runContract({ target: layer.url, token: `m-${f.id}`, runId: `m-${f.id}`, oversizedBytes: 131072, validationProxy: proxies[w % 2] });
    const named = f.expect ? r.violations.some(v => v.scenario === f.expect!.scenario && v.kind === f.expect!.kind && f.expect!.message.test(v.message)) : r.ok;
    rows.push(`${named ? "OK  " : "MISS"} ${f.id} ok=${r.ok} ${named ? "" : JSON.stringify(r.violations.map(v => `${v.scenario} ${v.kind} ${v.message}`).slice(0, 6), null, 1)}`);
  }
}
await Promise.all(Array.from({ length: Number(process.env.N ?? 4) }, (_, w) => worker(w)));
console.log(rows.sort().join("\n"));
console.log("total", Math.round(performance.now() - t0), "ms for", all.length);
await Promise.all(proxies.map(p => p.stop()));
await layer.close();
await sb.stop();
