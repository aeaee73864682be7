// The ceiling of `pnpm bench`: a bare fastify server whose two routes do the sandbox's storage
// work and nothing else (no validation, authentication, rate limits, plugins or presenter):
// GET /companies/:id runs the same statement, POST /companies the same upsert, committed in
// groups as the sandbox's are (src/store/sqlite/group-commit.ts).
//   node bench/ceiling.ts <database file>
import Fastify from "fastify";
import { CompanyTables } from "../src/store/sqlite/companies.ts";
import { Database } from "../src/store/sqlite/database.ts";
import { SqliteWorkspaces } from "../src/store/sqlite/state.ts";

const file = process.argv[2];
if (!file) throw new Error("Usage: node bench/ceiling.ts <database file>");
const now = () => Math.floor(Date.now() / 1000);
const database = new Database(file);
const companies = new CompanyTables(database, now);
const ws = await new SqliteWorkspaces(database, now).ensure("ceiling");
const target = companies.upsert(ws, "bench-target", { name: "Target", plan: "Pro" });

const app = Fastify({ logger: false });
app.get("/companies/:id", (request) => companies.get(ws, (request.params as { id: string }).id));
app.post("/companies", (request) => {
  const body = request.body as {
    company_id: string;
    name?: string;
    size?: number;
    custom_attributes?: Record<string, number>;
  };
  return database.write(() =>
    companies.upsert(ws, body.company_id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      fields: { size: body.size },
      ...(body.custom_attributes ? { customAttributes: body.custom_attributes } : {}),
    }),
  );
});
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const port = typeof address === "object" && address ? address.port : 0;
console.log(`Ceiling listening on http://127.0.0.1:${port} (target ${target.id})`);
const stop = () => {
  void app.close().then(() => database.close().then(() => process.exit(0)));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
