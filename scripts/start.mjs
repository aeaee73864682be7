// `pnpm start`: after the build, serves the spec's Prism mock on 127.0.0.1 (PORT, default 4010).
import { spawn } from "node:child_process";

const child = spawn(process.execPath, ["spec/scripts/mock.ts", ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
