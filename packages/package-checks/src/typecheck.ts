// Compiles type-case files with the TypeScript compiler API and reports, per file, which
// `@ts-expect-error` directives were unused (the code they guard compiled) and any other error.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import ts from "typescript";

const UNUSED_DIRECTIVE = 2578;

export interface ExpectedError {
  line: number;
  /** The text after `@ts-expect-error`: what the case shows. */
  label: string;
}

export interface FileReport {
  expected: ExpectedError[];
  /** Lines of `@ts-expect-error` directives whose next line compiled. */
  unused: Set<number>;
  /** Every other diagnostic, formatted. */
  errors: string[];
}

export function expectedErrors(source: string): ExpectedError[] {
  const found: ExpectedError[] = [];
  source.split("\n").forEach((text, index) => {
    const match = /\/\/\s*@ts-expect-error\s*(.*)$/.exec(text);
    if (match) found.push({ line: index + 1, label: match[1]?.trim() || `line ${index + 1}` });
  });
  return found;
}

/**
 * Type-checks `files` with the options of `tsconfigPath`, plus `virtualFiles` (path → text)
 * that exist only in memory.
 */
export function typecheck(
  tsconfigPath: string,
  files: readonly string[],
  virtualFiles: Record<string, string> = {},
): Map<string, FileReport> {
  const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (config.error)
    throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfigPath));
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => virtualFiles[name] ?? readFile(name);
  host.fileExists = (name) => name in virtualFiles || fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) => {
    const text = virtualFiles[name];
    return text === undefined
      ? getSourceFile(name, language, onError, create)
      : ts.createSourceFile(name, text, language);
  };
  const roots = [...files, ...Object.keys(virtualFiles)];
  const program = ts.createProgram({ rootNames: roots, options: parsed.options, host });
  const reports = new Map<string, FileReport>();
  for (const file of roots) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`TypeScript did not load ${file}`);
    const text = virtualFiles[file] ?? readFileSync(file, "utf8");
    const report: FileReport = { expected: expectedErrors(text), unused: new Set(), errors: [] };
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    for (const diagnostic of diagnostics) {
      const line =
        diagnostic.start === undefined
          ? 0
          : source.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
      if (diagnostic.code === UNUSED_DIRECTIVE) report.unused.add(line);
      else
        report.errors.push(
          `${file}:${line} TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
        );
    }
    reports.set(file, report);
  }
  return reports;
}
