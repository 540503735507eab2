/**
 * The import graph of src/ and the layering rules of DESIGN.md that a machine can check:
 * no cycles; core imports nothing outside core and no I/O module; no entry imports another
 * entry, nor a forge's error class (entries classify errors by UserError alone); the shared
 * flow knows the forges only through the seam, and no forge reaches back into an entry or
 * the flow.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../../src");

/** The entries of DESIGN.md; a module of src/entries that nothing imports must be one of them. */
const ENTRY_NAMES = new Set(["cli", "serve", "action", "gitlab-ci"]);

/** Node modules that reach the world: files, processes, network, clock, environment. */
const IO_MODULES = new Set([
  "fs", "fs/promises", "child_process", "net", "http", "https", "http2", "dgram", "dns", "dns/promises", "tls",
  "os", "readline", "stream", "stream/promises", "worker_threads", "cluster", "timers", "timers/promises",
  "perf_hooks", "process", "vm", "inspector",
]);

interface Module {
  /** Relative to src/, with forward slashes: "core/plan.ts". */
  id: string;
  /** Modules of src/ it imports (static, dynamic, re-exports, type-only alike). */
  imports: string[];
  /** Everything else it imports: packages and node builtins. */
  external: string[];
  /** Names bound by each static import, by the module they come from. */
  bindings: Map<string, string[]>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const idOf = (file: string) => path.relative(SRC, file).split(path.sep).join("/");

function resolve(from: string, specifier: string, known: Set<string>): string {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, ".ts"), `${base}.ts`, `${base}/index.ts`]) {
    if (known.has(candidate)) return candidate;
  }
  throw new Error(`${from} imports ${specifier}, which is no file of src/`);
}

function loadGraph(): Map<string, Module> {
  const files = sourceFiles(SRC);
  const known = new Set(files.map(idOf));
  const graph = new Map<string, Module>();
  for (const file of files) {
    const id = idOf(file);
    const text = readFileSync(file, "utf8");
    const imports: string[] = [];
    const external: string[] = [];
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (fileName.startsWith(".")) imports.push(resolve(id, fileName, known));
      else external.push(fileName);
    }
    const bindings = new Map<string, string[]>();
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      if (!specifier.startsWith(".")) continue;
      const clause = statement.importClause;
      const names = [
        ...(clause?.name ? [clause.name.text] : []),
        ...(clause?.namedBindings && ts.isNamedImports(clause.namedBindings)
          ? clause.namedBindings.elements.map((e) => (e.propertyName ?? e.name).text)
          : []),
      ];
      const target = resolve(id, specifier, known);
      bindings.set(target, [...(bindings.get(target) ?? []), ...names]);
    }
    graph.set(id, { id, imports, external, bindings });
  }
  return graph;
}

/** Every cycle found by a depth-first search, each as a path that ends where it starts. */
function findCycles(graph: Map<string, Module>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, "open");
    stack.push(id);
    for (const next of graph.get(id)!.imports) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const id of [...graph.keys()].sort()) if (!state.has(id)) visit(id);
  return cycles;
}

const graph = loadGraph();
const modules = [...graph.values()];
const isEntryModule = (id: string) => id.startsWith("entries/");
/** What the shared flow may know of the forges: the two interfaces. */
const SEAM = new Set(["forges/change-source.ts", "forges/review-publisher.ts"]);
/** The shared flow and the orchestrator, which every entry calls. */
const FLOW = new Set(["review-flow.ts", "plan-change.ts", "prepare-change.ts", "review.ts"]);
const entryName = (id: string) => id.replace(/^entries\//, "").replace(/(\/index)?\.ts$/, "");

describe("the import graph of src/", () => {
  it("is read whole: every module, the dynamic import of the review command included", () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get("entries/cli.ts")!.imports).toContain("entries/review-command.ts");
  });

  it("has no import cycle", () => {
    expect(findCycles(graph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself works)", () => {
    const fake = new Map<string, Module>([
      ["a.ts", { id: "a.ts", imports: ["b.ts"], external: [], bindings: new Map() }],
      ["b.ts", { id: "b.ts", imports: ["c.ts"], external: [], bindings: new Map() }],
      ["c.ts", { id: "c.ts", imports: ["a.ts"], external: [], bindings: new Map() }],
    ]);
    expect(findCycles(fake).map((cycle) => cycle.join(" -> "))).toEqual(["a.ts -> b.ts -> c.ts -> a.ts"]);
  });

  it("keeps core pure: it imports nothing outside core and no I/O module", () => {
    const problems = modules
      .filter((m) => m.id.startsWith("core/"))
      .flatMap((m) => [
        ...m.imports.filter((i) => !i.startsWith("core/")).map((i) => `${m.id} imports ${i}`),
        ...m.external.filter((e) => IO_MODULES.has(e.replace(/^node:/, ""))).map((e) => `${m.id} imports ${e}`),
      ]);
    expect(problems).toEqual([]);
  });

  it("lets only entries import entries, and no entry import another entry", () => {
    const imported = new Set(modules.flatMap((m) => m.imports));
    const roots = modules.filter((m) => isEntryModule(m.id) && !imported.has(m.id)).map((m) => entryName(m.id));
    for (const root of roots) expect(ENTRY_NAMES, `src/entries/${root} is imported by nothing: an entry?`).toContain(root);
    const isEntry = (id: string) => isEntryModule(id) && ENTRY_NAMES.has(entryName(id));
    const problems = modules.flatMap((m) =>
      m.imports
        .filter((i) => isEntryModule(i) && (!isEntryModule(m.id) || (isEntry(m.id) && isEntry(i))))
        .map((i) => `${m.id} imports ${i}`),
    );
    expect(problems).toEqual([]);
  });

  it("lets nothing but entries pick a forge: the rest of src/ imports only the seam of src/forges", () => {
    const problems = modules
      .filter((m) => !isEntryModule(m.id) && !m.id.startsWith("forges/"))
      .flatMap((m) => m.imports.filter((i) => i.startsWith("forges/") && !SEAM.has(i)).map((i) => `${m.id} imports ${i}`));
    expect(graph.get("review-flow.ts")!.imports).toEqual(expect.arrayContaining([...SEAM]));
    expect(problems).toEqual([]);
  });

  it("keeps the forges below the flow: no forge imports an entry, the flow or the orchestrator", () => {
    const above = (id: string) => isEntryModule(id) || FLOW.has(id);
    const problems = modules
      .filter((m) => m.id.startsWith("forges/"))
      .flatMap((m) => m.imports.filter(above).map((i) => `${m.id} imports ${i}`));
    expect(problems).toEqual([]);
  });

  it("keeps forge error classes out of the entries: they classify by UserError", () => {
    const problems = modules
      .filter((m) => isEntryModule(m.id))
      .flatMap((m) =>
        [...m.bindings]
          .filter(([from]) => from.startsWith("forges/"))
          .flatMap(([from, names]) => names.filter((n) => /Error$/.test(n)).map((n) => `${m.id} imports ${n} from ${from}`)),
      );
    expect(problems).toEqual([]);
  });
});
