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
  --check-behaviour       Also check that answers agree with the run: the created company is
                          retrieved and deleted by its id, the attached contact is listed.
                          Off by default, since a stateless mock cannot pass it.
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
  timeout: { type: "string" },
  "prism-log": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;
