/** The flags of `intercom-contract` and their help text (kept apart so tests can read them). */
export const HELP = `Usage: intercom-contract --target <url> [options]

Checks that a server honours the Intercom Companies API spec (2.7). Starts a Prism
validation proxy in front of the target, runs the scenario suite through it (every
operation, every status code a client can provoke) and reports every answer that breaks
the spec.

Options:
  --target <url>          Base URL of the server to check (required), e.g. http://127.0.0.1:3000
  --token <token>         Access token, sent as "Authorization: Bearer <token>".
                          Default: $INTERCOM_ACCESS_TOKEN, else a dummy token (fine for mocks).
  --spec <file>           OpenAPI document (JSON or YAML) to check against.
                          Default: the bundled spec of @intercom-toolkit/spec.
  --report <file>         Also write a report: .json (the full result) or .xml (JUnit).
                          Repeat the flag for both.
  --only <ids>            Comma-separated operationIds to check, e.g. retrieveCompany,deleteCompany.
                          Operations they depend on still run, marked "setup".
  --contact-id <id>       Contact to attach to the test company. Without it, one is created
                          through the target's POST /contacts (and deleted afterwards); if that
                          fails, the attach operations are reported as not covered.
  --check-behaviour       The default (kept for scripts written when it was not).
  --no-check-behaviour    Check shapes only, still writing: for stateless mocks, which cannot
                          keep what was written. By default every answer is also checked
                          against what the run did: every field written is read back, lists
                          are walked to their last page, the scroll to its end, look-ups and
                          attach/detach are checked through the lists, error codes against
                          the spec.
  --shapes-only           Read-only run, e.g. against production: no scenario that writes
                          runs (the README lists them) and only shapes are checked.
  --oversized-bytes <n>   Size of the bodies that provoke 413 (default 4194304, 4 MiB).
  --timeout <ms>          Time limit of each request (default 10000).
  --prism-log <file>      Write everything Prism printed to this file.
  --quiet                 No progress lines; only the table, coverage and verdict.
  -h, --help              Show this help.
  -v, --version           Show the version.

Exit codes:
  0  no violation and full coverage
  1  violations, failed scenarios or incomplete coverage
  2  bad flag, unreachable target or Prism failed to start
  130/143  interrupted (Ctrl-C / SIGTERM); Prism is stopped first
`;

export const options = {
  target: { type: "string" },
  token: { type: "string" },
  spec: { type: "string" },
  report: { type: "string", multiple: true },
  only: { type: "string" },
  "contact-id": { type: "string" },
  "check-behaviour": { type: "boolean" },
  "shapes-only": { type: "boolean" },
  "oversized-bytes": { type: "string" },
  timeout: { type: "string" },
  "prism-log": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;
