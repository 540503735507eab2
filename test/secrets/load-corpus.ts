/**
 * Reads the labelled secret corpus: every `fixtures/secrets/*.yaml` file (format in
 * fixtures/secrets/README.md). A malformed case is an error naming the file and the case,
 * never a case silently left out.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { fakeValue, PLACEHOLDER } from "./fake-value.js";
import { seededRandom } from "./seeded-random.js";

export const CORPUS_DIR = path.resolve(import.meta.dirname, "..", "..", "fixtures", "secrets");

export type Label = "positive" | "negative";

export interface CorpusCase {
  id: string;
  family: string;
  label: Label;
  /** The file the snippet sits in: detectors may read the path (`id_rsa`, `.npmrc`). */
  path: string;
  /** A file's content, with `{{...}}` placeholders; or, with `diff`, a hunk body. */
  template: string;
  /** The template is hunk text (`@@` headers, `+`/`-`/space lines) rather than a file. */
  diff: boolean;
  note?: string;
}

const caseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are kebab-case"),
    path: z.string().min(1),
    text: z.string().min(1).optional(),
    diff: z.string().min(1).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((c) => (c.text === undefined) !== (c.diff === undefined), "give exactly one of text or diff");

const fileSchema = z
  .object({
    family: z.string().min(1),
    positives: z.array(caseSchema).default([]),
    negatives: z.array(caseSchema).default([]),
  })
  .strict();


export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const ids = new Map<string, string>();
  const files = readdirSync(dir).filter((name) => name.endsWith(".yaml")).sort();
  if (files.length === 0) throw new Error(`no *.yaml case files in ${dir}`);
  for (const name of files) {
    const parsed = fileSchema.safeParse(parse(readFileSync(path.join(dir, name), "utf8")));
    if (!parsed.success) throw new Error(`${name}: not a corpus file (see README.md there): ${z.prettifyError(parsed.error)}`);
    const { family, positives, negatives } = parsed.data;
    for (const [label, list] of [["positive", positives], ["negative", negatives]] as const) {
      for (const c of list) {
        const where = `${name}: case "${c.id}"`;
        const seen = ids.get(c.id);
        if (seen) throw new Error(`${where}: id already used in ${seen}; ids are unique across the corpus`);
        ids.set(c.id, name);
        const template = (c.text ?? c.diff!).replace(/\n+$/, "");
        checkPlaceholders(template, label, c.diff !== undefined, where);
        cases.push({ id: c.id, family, label, path: c.path, template, diff: c.diff !== undefined, note: c.note });
      }
    }
  }
  return cases;
}

function checkPlaceholders(template: string, label: Label, diff: boolean, where: string): void {
  const specs = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  for (const spec of specs) {
    try {
      fakeValue(spec, seededRandom(0));
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }
  const secrets = specs.filter((spec) => !spec.startsWith("public:"));
  if (label === "positive" && secrets.length === 0) {
    throw new Error(`${where}: a positive needs at least one secret placeholder such as {{password:words}}`);
  }
  if (label === "negative" && secrets.length > 0) {
    throw new Error(`${where}: a negative holds no secret, but has {{${secrets[0]}}}; use {{public:...}} for values that are no secret`);
  }
  if (diff) {
    if (specs.some((spec) => spec.startsWith("private-key:") || spec === "private-key")) {
      throw new Error(`${where}: a diff case cannot use a multi-line placeholder; write the key lines with {{key-line}}`);
    }
    checkHunkCounts(template, where);
  }
}

/** Hunk headers must count their lines right, as git's do; a wrong count is the author's slip. */
function checkHunkCounts(template: string, where: string): void {
  const lines = template.split("\n");
  if (!lines[0]!.startsWith("@@ ")) throw new Error(`${where}: a diff case starts with an @@ hunk header`);
  let header: { text: string; old: number; new: number } | undefined;
  let counted = { old: 0, new: 0 };
  const close = () => {
    if (header && (counted.old !== header.old || counted.new !== header.new)) {
      throw new Error(`${where}: "${header.text}" promises ${header.old} old and ${header.new} new lines, the hunk has ${counted.old} and ${counted.new}`);
    }
  };
  for (const line of lines) {
    const m = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (m) {
      close();
      header = { text: line, old: Number(m[1] ?? 1), new: Number(m[2] ?? 1) };
      counted = { old: 0, new: 0 };
    } else if (/^[-+ ]/.test(line)) {
      if (line[0] !== "+") counted.old++;
      if (line[0] !== "-") counted.new++;
    } else {
      throw new Error(`${where}: diff line "${line}" does not start with +, -, space or @@`);
    }
  }
  close();
}
