/**
 * `ai-review`: the command line. Parses flags, runs a command, and turns errors a user
 * can fix into one clear line and exit code 2 (1 is kept for "the review failed the bar").
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { SEVERITIES, type Severity } from "../core/finding.js";
import { UserError } from "../core/user-error.js";
import type { CliIo } from "./cli-io.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import { PACKAGE_VERSION } from "./package-version.js";
import { runPlanCommand } from "./plan-command.js";
import { UsageError } from "./usage-error.js";

const USAGE = `Usage: ai-review <command> [options]

Commands:
  review    review the change with the model and print the review
  plan      show what would be sent to the model: files, skips, chunks, tokens, cost
            (calls no model)
  serve     run the GitHub App and GitLab webhooks: POST /api/github/webhooks,
            POST /gitlab/webhook, GET /healthz, /readyz, /metrics (env APP_ID,
            PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, REDIS_URL);
            --role web|worker|all (default all), --concurrency N reviews at once
  gitlab-ci review the merge request of a GitLab CI job and post to it (env CI_*,
            AI_REVIEW_GITLAB_TOKEN); --fail-on SEV, --codequality FILE writes a
            Code Quality report

Input (all commands):
  --diff FILE|-     review a ready diff (a file, or - for stdin) instead of git
  --base REV        base revision (default: merge-base with origin's default branch,
                    else main or master)
  --head REV        head revision (default: HEAD)
  --repo DIR        the git repository (default: the current folder)
  --config FILE     config file (default: .ai-review.yml in the repository)
  --format FMT      text or json; review also takes markdown (default: text)
  -h, --help        this help
  -v, --version     print the version of ai-review

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
    if (command === "-v" || command === "--version") {
      io.stdout.write(`${PACKAGE_VERSION}\n`);
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
    if (command === "serve") {
      const { values } = parseFlags(rest, { help: { type: "boolean", short: "h" }, role: { type: "string" }, concurrency: { type: "string" } });
      if (values.help) {
        io.stdout.write(USAGE);
        return EXIT_OK;
      }
      const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)) {
        throw new UsageError(`--concurrency must be a whole number from 1 to 64, not "${values.concurrency}"`);
      }
      // Loaded on demand: Probot is only for the server.
      const { runServeCommand } = await import("./serve-command.js");
      return await runServeCommand({ ...io, role: values.role, concurrency });
    }
    if (command === "gitlab-ci") {
      const { values } = parseFlags(rest, { help: { type: "boolean", short: "h" }, "fail-on": { type: "string" }, codequality: { type: "string" } });
      if (values.help) {
        io.stdout.write(USAGE);
        return EXIT_OK;
      }
      // Loaded on demand: gitbeaker is only for GitLab.
      const { runGitLabCi } = await import("./gitlab-ci/run-gitlab-ci.js");
      const failOn = values["fail-on"];
      return await runGitLabCi({ codequality: values.codequality, failOn: failOn === undefined ? undefined : readSeverity(failOn) }, io);
    }
    throw new UsageError(`unknown command '${command}'; run ai-review --help`);
  } catch (error) {
    // Whatever raised it (config, a forge, the diff parser, flags), a UserError is the
    // user's to fix and its message says how: one line, no stack trace.
    if (error instanceof UserError) {
      io.stderr.write(`ai-review: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: false, strict: true, tokens: true });
  } catch (error) {
    const reviewOnly = Object.keys(REVIEW_OPTIONS).find((name) => !(name in options) && args.includes(`--${name}`));
    if (reviewOnly) throw new UsageError(`--${reviewOnly} is for \`ai-review review\` only`);
    throw new UsageError(`${(error as Error).message}; run ai-review --help`);
  }
  // parseArgs keeps the last of a repeated flag; `--base a --base b` is more likely a slip
  // than a wish, and reviewing against the wrong base would go unnoticed.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once; give it once`);
    seen.add(token.name);
  }
  return parsed;
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
