/**
 * `ai-review`: the command line. Parses flags, runs a command, and turns errors a user
 * can fix into one clear line and exit code 2 (1 is kept for "the review failed the bar").
 */
import type { Readable, Writable } from "node:stream";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError } from "../config.js";
import { DiffParseError } from "../core/diff-model.js";
import { SourceError } from "../forges/local/git-source.js";
import { SEVERITIES, type Severity } from "../core/finding.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { runPlanCommand } from "./plan-command.js";

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export class UsageError extends Error {
  override name = "UsageError";
}


const USAGE = `Usage: ai-review <command> [options]

Commands:
  review    review the change with the model and print the review
  plan      show what would be sent to the model: files, skips, chunks, tokens, cost
            (calls no model)

Input (all commands):
  --diff FILE|-     review a ready diff (a file, or - for stdin) instead of git
  --base REV        base revision (default: merge-base with origin's default branch,
                    else main or master)
  --head REV        head revision (default: HEAD)
  --repo DIR        the git repository (default: the current folder)
  --config FILE     config file (default: .ai-review.yml in the repository)
  --format FMT      text or json; review also takes markdown (default: text)
  -h, --help        this help

Review only:
  --model NAME      model (env AI_REVIEW_MODEL, config model)
  --base-url URL    OpenAI-compatible base URL (env OPENAI_BASE_URL, config base_url)
  --api-key KEY     API key (prefer env OPENAI_API_KEY: flags show in process lists)
  --fail-on SEV     request changes and exit 1 when a finding is at least SEV:
                    critical, major, minor or nit (overrides fail_on)

Exit codes: 0 done, 1 --fail-on met, 2 usage or config error, 3 review incomplete
(a part could not be reviewed: model unreachable or unusable answers).
`;

const INPUT_OPTIONS = {
  diff: { type: "string" },
  base: { type: "string" },
  head: { type: "string" },
  repo: { type: "string" },
  config: { type: "string" },
  format: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const REVIEW_OPTIONS = {
  ...INPUT_OPTIONS,
  model: { type: "string" },
  "base-url": { type: "string" },
  "api-key": { type: "string" },
  "fail-on": { type: "string" },
} as const;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.stderr.write(USAGE);
      return EXIT_USAGE;
    }
    if (command === "-h" || command === "--help" || command === "help") {
      io.stdout.write(USAGE);
      return EXIT_OK;
    }
    if (command === "plan") {
      const { values } = parseFlags(rest, INPUT_OPTIONS);
      if (values.help) {
        io.stdout.write(USAGE);
        return EXIT_OK;
      }
      return await runPlanCommand({ ...values, format: readFormat(values.format, ["text", "json"]) }, io);
    }
    if (command === "review") {
      const { values } = parseFlags(rest, REVIEW_OPTIONS);
      if (values.help) {
        io.stdout.write(USAGE);
        return EXIT_OK;
      }
      const { "base-url": baseUrl, "api-key": apiKey, "fail-on": failOn, ...input } = values;
      // Loaded on demand: `plan` never needs the model client and its SDK.
      const { runReviewCommand } = await import("./review-command.js");
      return await runReviewCommand(
        {
          ...input,
          baseUrl,
          apiKey,
          failOn: failOn === undefined ? undefined : readSeverity(failOn),
          format: readFormat(values.format, ["text", "markdown", "json"]),
        },
        io,
      );
    }
    throw new UsageError(`unknown command '${command}'; run ai-review --help`);
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`ai-review: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function isUserError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof SourceError ||
    error instanceof DiffParseError
  );
}

function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true });
  } catch (error) {
    const reviewOnly = Object.keys(REVIEW_OPTIONS).find((name) => !(name in options) && args.includes(`--${name}`));
    if (reviewOnly) throw new UsageError(`--${reviewOnly} is for \`ai-review review\` only`);
    throw new UsageError(`${(error as Error).message}; run ai-review --help`);
  }
}

export function readFormat<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  const format = (value ?? allowed[0]) as T;
  if (!allowed.includes(format)) {
    throw new UsageError(`--format must be one of ${allowed.join(", ")}, not '${value}'`);
  }
  return format;
}

function readSeverity(value: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(value)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(", ")}, not '${value}'`);
  }
  return value as Severity;
}
