/**
 * The Action's inputs, as the runner passes them: `INPUT_<NAME>` with the name upper-cased
 * and spaces turned into `_` (hyphens stay: `INPUT_GITHUB-TOKEN`). An empty input is unset.
 */
import type { ConfigInput } from "../../config.js";
import { SEVERITIES, type Severity } from "../../core/finding.js";
import { UsageError } from "../usage-error.js";

export interface ActionInputs {
  githubToken: string;
  /** A config file in the repository, read at the pull request's base; default `.ai-review.yml`. */
  config: string | null;
  failOn: Severity | null;
  overrides: Partial<ConfigInput>;
}

export function readInput(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

export function readActionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const githubToken = readInput(env, "github-token") ?? env.GITHUB_TOKEN;
  if (!githubToken) {
    throw new UsageError("no GitHub token: the `github-token` input is empty (it defaults to ${{ github.token }}; do not set it to an empty value)");
  }
  const failOnText = readInput(env, "fail-on");
  if (failOnText !== undefined && !(SEVERITIES as readonly string[]).includes(failOnText)) {
    throw new UsageError(`the fail-on input must be one of ${SEVERITIES.join(", ")}, not '${failOnText}'`);
  }
  const failOn = (failOnText as Severity | undefined) ?? null;
  const overrides: Partial<ConfigInput> = {};
  const model = readInput(env, "model");
  const baseUrl = readInput(env, "base-url");
  const apiKey = readInput(env, "api-key");
  if (model) overrides.model = model;
  if (baseUrl) overrides.base_url = baseUrl;
  if (apiKey) overrides.api_key = apiKey;
  if (failOn) overrides.fail_on = failOn;
  return { githubToken, config: readInput(env, "config") ?? null, failOn, overrides };
}
