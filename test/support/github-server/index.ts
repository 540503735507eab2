/**
 * A loopback GitHub REST API for tests, reached through the real octokit (point `baseUrl`
 * at `server.url`). See README.md in this folder for the test-facing API. In short:
 *
 *   const github = await startGitHubServer();
 *   const repo = github.addRepository({ owner: "acme", name: "widgets", git: createRepo() });
 *   const pull = repo.addPullRequest({ title: "Fix", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
 *   const token = github.userToken("ai-review-bot");
 *   ...
 *   await github.close(); // throws if a request broke GitHub's OpenAPI description
 *
 * Every request is recorded, checked against GitHub's published description, authenticated
 * with a token the test issued, counted against a rate limit (with `x-ratelimit-*` headers),
 * then answered by a fault the test queued or by the route's handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type GitHubError, githubError } from "./github-errors.js";
import { type Fault, FaultQueue } from "./faults.js";
import { loadOpenApiChecker } from "./openapi-checker.js";
import type { Site } from "./payloads.js";
import { type Answer, APP_ROUTES, handlers, RATE_LIMIT_ROUTE, Refusal, type RequestContext } from "./routes.js";
import type { AppRecord, InstallationRecord, Principal, RepositorySetup, TestRepository } from "./state.js";
import { type AppSetup, describePrincipal, type InstallationSetup, World } from "./world.js";

export { fault, type Fault } from "./faults.js";
export { signAppJwt } from "./app-jwt.js";
export type { PullRequestSetup, RepositorySetup, Role, TestPullRequest, TestRepository } from "./state.js";

export interface GitHubServerOptions {
  /** Patches longer than this many bytes are left out of `files[].patch`, as GitHub leaves out large diffs. Default 400 KB. */
  maxPatchBytes?: number;
  /** The server's clock: JWT checks and timestamps. Default: the real clock (nothing waits on it). */
  clock?: () => Date;
  /** Also check the server's own answers against the description. Slow (large schemas compile for seconds); the server's own tests use it. */
  checkAnswers?: boolean;
}

export interface RecordedRequest {
  /** 0 for the first request the server received. */
  index: number;
  method: string;
  /** The path as sent, without the query. */
  path: string;
  query: Record<string, string>;
  /** Octokit's route string, e.g. "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"; undefined when GitHub has no such route. */
  route: string | undefined;
  params: Record<string, string>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  /** Request headers, without `authorization` and `cookie`. */
  headers: Record<string, string>;
  /** "user:alice", "installation:42", "actions:acme/widgets", "app:123"; undefined when not authenticated. */
  principal: string | undefined;
  status: number;
  /** The kind of the injected fault that answered, if one did. */
  fault: Fault["kind"] | undefined;
}

export interface ContractViolation {
  /**
   * openapi: the request breaks GitHub's description (answered 422, or 400 for a body that is not JSON);
   * unknown-route: GitHub has no such route (answered 404);
   * unimplemented: GitHub has it, this server does not (answered 501);
   * answer: the server's own answer breaks the description (a bug here);
   * server-error: a handler threw (a bug here, answered 500).
   */
  kind: "openapi" | "unknown-route" | "unimplemented" | "answer" | "server-error";
  request: RecordedRequest;
  problems: string[];
}

export interface GitHubServer {
  /** The API root to pass as octokit's `baseUrl` (or `GITHUB_API_URL`). */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  readonly violations: readonly ContractViolation[];
  addRepository(setup: RepositorySetup): TestRepository;
  /** A repository added earlier, by "owner/name". */
  repository(fullName: string): TestRepository;
  /** Registers a GitHub App; its installation tokens write as `<slug>[bot]`. */
  addApp(setup: AppSetup): AppRecord;
  addInstallation(setup: InstallationSetup): InstallationRecord;
  /** A personal token: writes as that user. */
  userToken(login: string): string;
  /** A workflow's `GITHUB_TOKEN`: writes as `github-actions[bot]`; `write: false` is what a fork's pull request gets. */
  actionsToken(repository: string, options?: { write?: boolean }): string;
  /** An installation token without going through the JWT exchange. */
  installationToken(installationId: number): string;
  /** Queues faults for the next requests to a route (octokit's route string, or "*" for any route). */
  /** Lets `calls` more requests through, then answers every later request with `fault`: a token that expires mid-review. */
  failFrom(calls: number, fault: Fault | null): void;
  inject(route: string, ...faults: Fault[]): void;
  /** Requests that write (not GET/HEAD), without the installation token exchange: what "write calls" counts. */
  writes(): RecordedRequest[];
  /** Recorded requests to one route. */
  requestsTo(route: string): RecordedRequest[];
  /** Returns the violations and forgets them, for tests that provoke violations on purpose. */
  takeViolations(): ContractViolation[];
  /** Throws, listing every violation, if there is any. */
  assertNoViolations(): void;
  /** Stops the server; throws if violations were not taken or queued faults never fired. */
  close(): Promise<void>;
}

const RATE_LIMITS: Record<Principal["kind"] | "anonymous", number> = { user: 5000, installation: 5000, app: 5000, actions: 1000, anonymous: 60 };

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const checker = await loadOpenApiChecker();
  const clock = options.clock ?? (() => new Date());
  const world = new World({ maxPatchBytes: options.maxPatchBytes ?? 400 * 1024 }, clock);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  let violations: ContractViolation[] = [];
  const used = new Map<string, number>();
  const resetAt = Math.floor(clock().getTime() / 1000) + 3600;
  let site: Site = { api: "", web: "" };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = handle(req, Buffer.concat(chunks), res);
      requests.push(recorded);
    });
  });

  function handle(req: IncomingMessage, raw: Buffer, res: ServerResponse): RecordedRequest {
    const url = new URL(req.url ?? "/", site.api);
    const query = Object.fromEntries(url.searchParams);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name !== "authorization" && name !== "cookie" && value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const recorded: RecordedRequest = {
      index: requests.length,
      method: req.method ?? "GET",
      path: url.pathname,
      query,
      route: undefined,
      params: {},
      body: undefined,
      headers,
      principal: undefined,
      status: 0,
      fault: undefined,
    };
    const violate = (kind: ContractViolation["kind"], problems: string[]) => violations.push({ kind, request: recorded, problems });
    let rateHeaders: Record<string, string> = {};
    const reply = (answer: Answer) => {
      recorded.status = answer.status;
      send(res, answer, rateHeaders);
    };
    const refuse = (error: GitHubError) => reply({ status: error.status, body: error.body, headers: error.headers });

    const text = raw.toString("utf8");
    let hasBody = text.trim() !== "";
    let body: unknown;
    let bodyIsJson = true;
    if (hasBody) {
      try {
        body = JSON.parse(text);
      } catch {
        // Recorded as text; answered 400 below, once the route (and its docs page) is known.
        body = text;
        bodyIsJson = false;
      }
    }
    recorded.body = body;

    const pathname = repositoryPath(url.pathname);
    const match = checker.match(recorded.method, pathname);
    if (match.kind !== "found") {
      const problem =
        match.kind === "wrong-method"
          ? `GitHub has no ${recorded.method} for ${url.pathname} (only ${match.allowed.join(", ")})`
          : `GitHub has no route ${recorded.method} ${url.pathname}`;
      violate("unknown-route", [problem]);
      refuse(githubError.notFound("https://docs.github.com/rest"));
      return recorded;
    }
    const { operation, pathParams } = match;
    recorded.route = operation.route;
    recorded.params = pathParams;

    const auth = world.authenticate(req.headers.authorization);
    const bucket = auth.ok ? describePrincipal(auth.principal) : "anonymous";
    // GET /rate_limit does not count against the limit it reports.
    rateHeaders = rateLimitHeaders(bucket, auth.ok ? auth.principal.kind : "anonymous", operation.route !== RATE_LIMIT_ROUTE);
    if (!auth.ok) {
      refuse(auth.error);
      return recorded;
    }
    const { principal } = auth;
    recorded.principal = describePrincipal(principal);
    if (principal.kind === "app" && !APP_ROUTES.has(operation.route) && operation.route !== RATE_LIMIT_ROUTE) {
      refuse(githubError.notAccessible(operation.documentationUrl));
      return recorded;
    }

    if (!bodyIsJson) {
      violate("openapi", ["the request body is not JSON"]);
      refuse(githubError.problemsParsingJson(operation.documentationUrl));
      return recorded;
    }
    // A JSON `null` body is no body, as for GitHub.
    if (body === null) hasBody = false;
    const problems = checker.checkRequest(operation, { pathParams, query, body, hasBody });
    if (problems.length) {
      violate("openapi", problems);
      refuse(githubError.invalidRequest(operation.documentationUrl, problems));
      return recorded;
    }

    const queued = faults.take(operation.route);
    if (queued && queued.kind !== "answer-lost") {
      recorded.fault = queued.kind;
      reply(faultAnswer(queued, bucket, principal));
      return recorded;
    }
    if (operation.route === RATE_LIMIT_ROUTE) {
      reply({ status: 200, body: rateLimitBody(bucket, principal.kind) });
      return recorded;
    }
    const handler = handlers[operation.route];
    if (!handler) {
      violate("unimplemented", [`the test GitHub server does not implement ${operation.route}: add it to test/support/github-server/routes.ts`]);
      reply({ status: 501, body: { message: `Not implemented by the test server: ${operation.route}` } });
      return recorded;
    }

    const context: RequestContext = { world, site, operation, pathname, params: pathParams, query, body, headers: req.headers, principal };
    let answer: Answer;
    try {
      answer = handler(context);
    } catch (error) {
      if (error instanceof Refusal) {
        refuse(error.error);
        return recorded;
      }
      violate("server-error", [error instanceof Error ? (error.stack ?? error.message) : String(error)]);
      reply({ status: 500, body: { message: `test GitHub server failed: ${String(error)}` } });
      return recorded;
    }
    if (queued?.kind === "answer-lost") {
      recorded.fault = queued.kind;
      const lost = githubError.serverError(queued.status);
      reply({ status: lost.status, body: lost.body, headers: lost.headers ?? {} });
      return recorded;
    }
    if (options.checkAnswers && answer.raw === undefined) {
      const wrong = checker.checkResponse(operation, answer.status, answer.body);
      if (wrong.length) violate("answer", wrong);
    }
    reply(answer);
    return recorded;
  }

  /** GitHub's Link headers name repositories by id; those paths are served as the `/repos/...` ones. */
  function repositoryPath(pathname: string): string {
    const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname);
    const repository = byId ? world.repositoryById(Number(byId[1])) : undefined;
    return repository ? `/repos/${repository.fullName}${byId?.[2] ?? ""}` : pathname;
  }

  function rateLimitHeaders(bucket: string, kind: Principal["kind"] | "anonymous", counts: boolean): Record<string, string> {
    const count = (used.get(bucket) ?? 0) + (counts ? 1 : 0);
    used.set(bucket, count);
    const limit = RATE_LIMITS[kind];
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(Math.max(0, limit - count)),
      "x-ratelimit-used": String(count),
      "x-ratelimit-reset": String(resetAt),
      "x-ratelimit-resource": "core",
    };
  }

  function rateLimitBody(bucket: string, kind: Principal["kind"]) {
    const limit = RATE_LIMITS[kind];
    const count = used.get(bucket) ?? 0;
    const core = { limit, used: count, remaining: Math.max(0, limit - count), reset: resetAt };
    const other = (size: number) => ({ limit: size, used: 0, remaining: size, reset: resetAt });
    return { resources: { core, search: other(30), graphql: other(5000), integration_manifest: other(5000), code_search: other(10) }, rate: core };
  }

  function faultAnswer(queued: Fault, bucket: string, principal: Principal): Answer {
    switch (queued.kind) {
      case "secondary-rate-limit": {
        const error = githubError.secondaryRateLimit(queued.retryAfter);
        return { status: queued.status, body: error.body, headers: error.headers };
      }
      case "primary-rate-limit": {
        const reset = Math.floor(clock().getTime() / 1000) + queued.resetIn;
        const who = principal.kind === "installation" ? `installation ID ${principal.installation.id}` : bucket;
        return {
          status: 403,
          body: githubError.primaryRateLimit(who).body,
          headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset), "x-ratelimit-used": String(RATE_LIMITS[principal.kind]) },
        };
      }
      case "status":
        return { status: queued.status, body: queued.body, headers: queued.headers };
      case "answer-lost":
        throw new Error("answer-lost faults are answered after the handler");
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  site = { api: `http://127.0.0.1:${port}`, web: `http://127.0.0.1:${port}/web` };

  const describeViolations = (list: readonly ContractViolation[]) =>
    list.map((violation) => `  #${violation.request.index} ${violation.request.method} ${violation.request.path} [${violation.kind}]: ${violation.problems.join("; ")}`).join("\n");

  const github: GitHubServer = {
    url: site.api,
    requests,
    get violations() {
      return violations;
    },
    addRepository: (setup) => world.addRepository(setup),
    repository(fullName) {
      const [owner = "", name = ""] = fullName.split("/");
      const repository = world.repository(owner, name);
      if (!repository) throw new Error(`no repository ${fullName}; call addRepository first`);
      return repository;
    },
    addApp: (setup) => world.addApp(setup),
    addInstallation: (setup) => world.addInstallation(setup),
    userToken: (login) => world.userToken(login),
    actionsToken: (repository, tokenOptions) => world.actionsToken(repository, tokenOptions),
    installationToken: (id) => world.installationToken(id),
    failFrom(calls, failure) {
      faults.failFrom(calls, failure);
    },
    inject(route, ...queued) {
      if (route !== "*" && !handlers[route] && route !== RATE_LIMIT_ROUTE) {
        throw new Error(`inject: the test server has no route ${JSON.stringify(route)} (write it as octokit does, e.g. "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews")`);
      }
      faults.add(route, queued);
    },
    writes: () => requests.filter((request) => request.method !== "GET" && request.method !== "HEAD" && request.route !== "POST /app/installations/{installation_id}/access_tokens"),
    requestsTo: (route) => requests.filter((request) => request.route === route),
    takeViolations() {
      const taken = violations;
      violations = [];
      return taken;
    },
    assertNoViolations() {
      if (violations.length) throw new Error(`the test GitHub server saw ${violations.length} contract violation(s):\n${describeViolations(violations)}`);
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      github.assertNoViolations();
      const unused = faults.pending();
      if (unused.length) {
        throw new Error(`the test GitHub server had faults queued that never fired:\n${unused.map((entry) => `  ${entry.route}: ${entry.fault.kind}`).join("\n")}`);
      }
    },
  };
  return github;
}

function send(res: ServerResponse, answer: Answer, rateHeaders: Record<string, string>): void {
  const common = { "x-github-api-version-selected": "2022-11-28", "x-github-media-type": "github.v3; format=json", ...rateHeaders };
  if (answer.raw) {
    res.writeHead(answer.status, { ...common, "content-type": answer.raw.contentType, ...answer.headers }).end(answer.raw.data);
    return;
  }
  const hasBody = answer.body !== undefined && answer.status !== 204;
  res
    .writeHead(answer.status, { ...common, ...(hasBody ? { "content-type": "application/json; charset=utf-8" } : {}), ...answer.headers })
    .end(hasBody ? JSON.stringify(answer.body) : undefined);
}
