// The Verdaccio process of the release tests: Verdaccio's own server factory, listening on port 0
// (the system picks a free port, so none is probed, freed and raced for), and a line saying
// which port it got. Verdaccio's CLI would print the port it was given, 0.
import { createRequire } from "node:module";

const [configFile] = process.argv.slice(2);
if (!configFile) throw new Error("usage: verdaccio-server.ts <config.yaml>");
const { runServer } = createRequire(import.meta.url)("verdaccio") as {
  runServer: (config: string) => Promise<import("node:http").Server>;
};
const server = await runServer(configFile);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(`verdaccio listening on http://127.0.0.1:${port}/`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
