/**
 * A loopback GitLab REST API (v4) for tests, reached through the real `@gitbeaker/rest`
 * (`new Gitlab({ host: server.url, token })`). See README.md in this folder. In short:
 *
 *   const gitlab = await startGitLabServer();
 *   const project = gitlab.addProject({ path: "acme/widgets", git: createRepo(), members: { alice: 30 } });
 *   const mr = project.addMergeRequest({ title: "Fix", author: "alice", target: { branch: "main" }, source: { branch: "fix" } });
 *   const token = gitlab.userToken("ai-review-bot");
 *   ...
 *   await gitlab.close(); // throws on contract violations (unknown routes, /changes, bad parameters)
 *
 * Every request is recorded, authenticated (PRIVATE-TOKEN, JOB-TOKEN, Authorization: Bearer),
 * matched to a route, its parameters checked as Grape checks them, authorized, then answered
 * by a fault the test queued or by the route's handler.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultQueue } from "../github-server/faults.js";
import { AccessLevel, type Caller, checkAccess, type TokenScope } from "./access-rules.js";
import { GITLAB_DIFF_LIMITS } from "./diff-files.js";
import { type Fault, faultAnswer } from "./faults.js";
import { type GitLabError, gitlabError } from "./gitlab-errors.js";
import { checkParams, nestEntries, type Params } from "./parameters.js";
import type { Site } from "./payloads.js";
import { type Answer, DEPRECATED_ROUTES, Refusal, type Route, routes, type ServerLimits } from "./routes.js";
import { type ProjectSetup, type TestProject, type UserRecord, World } from "./state.js";

export { AccessLevel, type TokenScope, type Visibility } from "./access-rules.js";
export { fault, type Fault } from "./faults.js";
export { lineCode } from "./position-rules.js";
export type { MergeRequestSetup, NoteRecord, ProjectSetup, TestMergeRequest, TestProject, UserRecord } from "./state.js";

export interface GitLabServerOptions {
  /** Server clock, for timestamps. Default: the real clock (nothing waits on it). */
  clock?: () => Date;
  /** Overrides GitLab's limits: `diffsMaxPerPage` (30), `noteMaxLength` (1,000,000), `collapseBytes` (10 KB), `tooLargeBytes` (100 KB), `diffMaxFiles` (1,000). */
  limits?: Partial<ServerLimits>;
}

export interface RecordedRequest {
  /** 0 for the first request the server received. */
  index: number;
  method: string;
  /** The path as sent (still URL-encoded), without the query. */
  path: string;
  query: Record<string, string>;
  /** The route as GitLab's docs write it, e.g. "POST /projects/:id/merge_requests/:merge_request_iid/discussions"; undefined when GitLab has none. */
  route: string | undefined;
  /** Path parameters, decoded (`id` "acme/widgets", `file_path` "src/a.ts"). */
  pathParams: Record<string, string>;
  /** The parameters of the query and the body, nested (`position.new_line`), as sent (form values are strings). */
  params: Params;
  /** Request headers without `private-token`, `job-token`, `authorization` and `cookie`. */
  headers: Record<string, string>;
  /** "user:alice", "job:acme/widgets", "anonymous", or "invalid-token". */
  principal: string;
  status: number;
  /** The kind of the injected fault that answered, if one did. */
  fault: Fault["kind"] | undefined;
}

export interface ContractViolation {
  /**
   * unknown-route: GitLab has no such route (answered 404);
   * deprecated: a route an adapter must not use, e.g. `/changes` (answered 410);
   * parameters: a missing or mistyped parameter (answered 400 as Grape does) or one GitLab silently ignores (answered normally);
   * server-error: a handler threw (a bug here, answered 500).
   */
  kind: "unknown-route" | "deprecated" | "parameters" | "server-error";
  request: RecordedRequest;
  problems: string[];
}

export interface GitLabServer {
  /** The instance root: gitbeaker's `host`, `CI_SERVER_URL`, `GITLAB_URL`. */
  readonly url: string;
  /** `<url>/api/v4`: `CI_API_V4_URL`. */
  readonly apiUrl: string;
  readonly requests: readonly RecordedRequest[];
  readonly violations: readonly ContractViolation[];
  addProject(setup: ProjectSetup): TestProject;
  /** A project added earlier, by path or id. */
  project(idOrPath: string | number): TestProject;
  /** The user (created on first mention), e.g. to learn a member's id. */
  user(username: string): UserRecord;
  /** A personal access token: writes as that user. `scopes` default ["api"]; ["read_api"] cannot write (403 insufficient_scope). */
  userToken(username: string, options?: { scopes?: TokenScope[] }): string;
  /** A project access token: a bot user `project_<id>_bot_<hex>` named `name`, a member at `accessLevel` (default Maintainer). */
  projectAccessToken(projectPath: string, options?: { name?: string; accessLevel?: number; scopes?: TokenScope[] }): { token: string; user: UserRecord };
  /** A CI job's `CI_JOB_TOKEN` for a project: anonymous on every endpoint here (see README). */
  jobToken(projectPath: string, options?: { user?: string }): string;
  /** Queues faults for the next requests to a route (as in `routes`, e.g. "POST /projects/:id/merge_requests/:merge_request_iid/discussions") or "*". */
  /** Lets `calls` more requests through, then answers every later request with `fault`: a token that expires mid-review. */
  failFrom(calls: number, fault: Fault | null): void;
  inject(route: string, ...faults: Fault[]): void;
  /** Requests that write (POST, PUT, PATCH, DELETE): what "write calls" counts. */
  writes(): RecordedRequest[];
  requestsTo(route: string): RecordedRequest[];
  /** Returns the violations and forgets them, for tests that provoke violations on purpose. */
  takeViolations(): ContractViolation[];
  assertNoViolations(): void;
  /** Stops the server; throws if violations were not taken or queued faults never fired. */
  close(): Promise<void>;
}

const SECRET_HEADERS = new Set(["private-token", "job-token", "authorization", "cookie"]);

interface MatchedRoute {
  key: string;
  route: Route;
  pathParams: Record<string, string>;
}

const ROUTE_TABLE = Object.entries(routes).map(([key, route]) => {
  const [method = "", pattern = ""] = key.split(" ");
  return { key, route, method, segments: pattern.split("/").slice(1) };
});

/** Matches the decoded segments of a path under /api/v4 (so `acme%2Fwidgets` is one segment). */
function matchRoute(method: string, segments: string[]): MatchedRoute | undefined {
  for (const candidate of ROUTE_TABLE) {
    if (candidate.method !== method || candidate.segments.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    const fits = candidate.segments.every((part, index) => {
      const actual = segments[index] ?? "";
      if (part.startsWith(":")) {
        pathParams[part.slice(1)] = actual;
        return actual !== "";
      }
      return part === actual;
    });
    if (fits) return { key: candidate.key, route: candidate.route, pathParams };
  }
  return undefined;
}

export async function startGitLabServer(options: GitLabServerOptions = {}): Promise<GitLabServer> {
  const world = new World(options.clock ?? (() => new Date()));
  const limits: ServerLimits = { ...GITLAB_DIFF_LIMITS, diffsMaxPerPage: 30, noteMaxLength: 1_000_000, diffMaxFiles: 1000, ...options.limits };
  const faults = new FaultQueue<Fault>();
  const requests: RecordedRequest[] = [];
  let violations: ContractViolation[] = [];
  let site: Site = { web: "", api: "" };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = record(req);
      requests.push(recorded);
      handle(req, Buffer.concat(chunks), recorded)
        .catch((error: unknown) => {
          violations.push({ kind: "server-error", request: recorded, problems: [error instanceof Error ? (error.stack ?? error.message) : String(error)] });
          return { status: 500, body: { message: "500 Internal Server Error" } } satisfies Answer;
        })
        .then((answer) => {
          recorded.status = answer.status;
          send(res, answer);
        });
    });
  });

  function record(req: IncomingMessage): RecordedRequest {
    const url = new URL(req.url ?? "/", site.web);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!SECRET_HEADERS.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return {
      index: requests.length,
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route: undefined,
      pathParams: {},
      params: {},
      headers,
      principal: "anonymous",
      status: 0,
      fault: undefined,
    };
  }

  async function handle(req: IncomingMessage, raw: Buffer, recorded: RecordedRequest): Promise<Answer> {
    const url = new URL(req.url ?? "/", site.web);
    const violate = (kind: ContractViolation["kind"], problems: string[]) => violations.push({ kind, request: recorded, problems });
    const refuse = (error: GitLabError): Answer => ({ status: error.status, body: error.body, headers: error.headers });

    const body = await readBody(req.headers, raw).catch(() => undefined);
    // Grape takes parameters from the query and the body alike.
    const input = { ...nestEntries(url.searchParams.entries()), ...(body ?? {}) };
    delete input.private_token;
    recorded.params = input;

    const prefix = "/api/v4/";
    const matched = url.pathname.startsWith(prefix) ? matchRoute(recorded.method, url.pathname.slice(prefix.length - 1).split("/").slice(1).map(decodeSegment)) : undefined;
    if (!matched) {
      violate("unknown-route", [`the test GitLab server has no route ${recorded.method} ${url.pathname}: GitLab has none, or add it to test/support/gitlab-server/routes.ts`]);
      return refuse(gitlabError.noRoute());
    }
    recorded.route = matched.key;
    recorded.pathParams = matched.pathParams;

    const caller = authenticate(req.headers, url);
    recorded.principal = describeCaller(caller);
    if (caller === "invalid") return refuse(gitlabError.unauthorized());

    // Authentication runs before parameter validation (Grape's `before` filters): an anonymous write is 401 whatever it sends.
    const unauthenticated = checkAccess(caller, matched.route.need, undefined);
    if (unauthenticated) return refuse(unauthenticated);
    if (body === undefined) {
      violate("parameters", ["the request body is not valid JSON"]);
      return refuse(gitlabError.badParameters(["the request body is not valid JSON"]));
    }

    const deprecated = DEPRECATED_ROUTES[matched.key];
    if (deprecated) violate("deprecated", [deprecated]);

    const badIntegers = (matched.route.integers ?? []).filter((name) => !/^\d+$/.test(matched.pathParams[name] ?? ""));
    const checked = checkParams(input, matched.route.params);
    const errors = [...badIntegers.map((name) => `${name} is invalid`), ...checked.errors];
    if (checked.unknown.length) violate("parameters", checked.unknown.map((name) => `GitLab ignores the unknown parameter ${name}`));
    if (errors.length) {
      violate("parameters", errors);
      return refuse(gitlabError.badParameters(errors));
    }

    let project: TestProject | undefined;
    if (matched.pathParams.id !== undefined) {
      project = world.project(matched.pathParams.id);
      if (!project) return refuse(gitlabError.notFound("Project"));
    }
    const user = caller.kind === "user" ? world.user(caller.username) : undefined;
    const denied = checkAccess(caller, matched.route.need, project && { visibility: project.visibility, level: user && project.level(user.username) });
    if (denied) return refuse(denied);

    const queued = faults.take(matched.key);
    if (queued) recorded.fault = queued.kind;
    if (queued && queued.kind !== "answer-lost") return refuse(faultAnswer(queued));
    try {
      const answer = await matched.route.handler({ world, site, limits, url, path: matched.pathParams, params: checked.params, project: project!, user });
      return queued ? refuse(faultAnswer(queued)) : answer;
    } catch (error) {
      if (error instanceof Refusal) return refuse(error.error);
      throw error;
    }
  }

  /** `PRIVATE-TOKEN` (or `private_token` in the query), `Authorization: Bearer`, or `JOB-TOKEN`. */
  function authenticate(headers: IncomingHttpHeaders, url: URL): Caller | "invalid" {
    const bearer = /^Bearer\s+(.+)$/i.exec(String(headers.authorization ?? ""))?.[1];
    const token = one(headers["private-token"]) ?? url.searchParams.get("private_token") ?? bearer ?? one(headers["job-token"]);
    if (token === undefined) return { kind: "anonymous" };
    return world.caller(token) ?? "invalid";
  }

  function describeCaller(caller: Caller | "invalid"): string {
    if (caller === "invalid") return "invalid-token";
    if (caller.kind === "user") return `user:${caller.username}`;
    if (caller.kind === "job") return `job:${world.project(caller.projectId)?.path ?? caller.projectId}`;
    return "anonymous";
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  site = { web: `http://127.0.0.1:${port}`, api: `http://127.0.0.1:${port}/api/v4` };

  const describeViolations = (list: readonly ContractViolation[]) =>
    list.map((violation) => `  #${violation.request.index} ${violation.request.method} ${violation.request.path} [${violation.kind}]: ${violation.problems.join("; ")}`).join("\n");
  const projectByPath = (path: string | number) => {
    const project = world.project(path);
    if (!project) throw new Error(`no project ${path}; call addProject first`);
    return project;
  };

  const gitlab: GitLabServer = {
    url: site.web,
    apiUrl: site.api,
    requests,
    get violations() {
      return violations;
    },
    addProject: (setup) => world.addProject(setup),
    project: projectByPath,
    user: (username) => world.user(username),
    userToken(username, tokenOptions = {}) {
      world.user(username);
      return world.issueToken({ kind: "user", username, scopes: tokenOptions.scopes ?? ["api"] }, "glpat-");
    },
    projectAccessToken(projectPath, tokenOptions = {}) {
      const project = projectByPath(projectPath);
      const user = world.user(`project_${project.id}_bot_${randomBytes(16).toString("hex")}`, { name: tokenOptions.name ?? "ai-review", bot: true });
      project.setMember(user.username, tokenOptions.accessLevel ?? AccessLevel.maintainer);
      const token = world.issueToken({ kind: "user", username: user.username, scopes: tokenOptions.scopes ?? ["api"] }, "glpat-");
      return { token, user };
    },
    jobToken(projectPath, tokenOptions = {}) {
      const project = projectByPath(projectPath);
      return world.issueToken({ kind: "job", projectId: project.id, username: tokenOptions.user ?? "job-user" }, "glcbt-");
    },
    failFrom(calls, failure) {
      faults.failFrom(calls, failure);
    },
    inject(route, ...queued) {
      if (route !== "*" && !routes[route]) {
        throw new Error(`inject: the test server has no route ${JSON.stringify(route)} (write it as GitLab's docs do, e.g. "POST /projects/:id/merge_requests/:merge_request_iid/discussions")`);
      }
      faults.add(route, queued);
    },
    writes: () => requests.filter((request) => request.method !== "GET" && request.method !== "HEAD"),
    requestsTo: (route) => requests.filter((request) => request.route === route),
    takeViolations() {
      const taken = violations;
      violations = [];
      return taken;
    },
    assertNoViolations() {
      if (violations.length) throw new Error(`the test GitLab server saw ${violations.length} contract violation(s):\n${describeViolations(violations)}`);
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      gitlab.assertNoViolations();
      const unused = faults.pending();
      if (unused.length) {
        throw new Error(`the test GitLab server had faults queued that never fired:\n${unused.map((entry) => `  ${entry.route}: ${entry.fault.kind}`).join("\n")}`);
      }
    },
  };
  return gitlab;
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** JSON, urlencoded or multipart (gitbeaker sends a discussion with a position as multipart form data). */
async function readBody(headers: IncomingHttpHeaders, raw: Buffer): Promise<Params> {
  if (raw.length === 0) return {};
  const type = String(headers["content-type"] ?? "");
  if (type.includes("application/json")) {
    const parsed: unknown = JSON.parse(raw.toString("utf8"));
    return typeof parsed === "object" && parsed !== null ? (parsed as Params) : {};
  }
  if (type.includes("application/x-www-form-urlencoded")) return nestEntries(new URLSearchParams(raw.toString("utf8")).entries());
  if (type.includes("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    return nestEntries([...form.entries()].map(([key, value]) => [key, typeof value === "string" ? value : "[file]"]));
  }
  return {};
}

function send(res: ServerResponse, answer: Answer): void {
  const common = { "x-gitlab-meta": '{"correlation_id":"test","version":"1"}', "cache-control": "no-cache" };
  if (answer.raw) {
    res.writeHead(answer.status, { ...common, "content-type": answer.raw.contentType, ...answer.headers }).end(answer.raw.data);
    return;
  }
  if (typeof answer.body === "string") {
    res.writeHead(answer.status, { ...common, "content-type": "text/plain; charset=utf-8", ...answer.headers }).end(answer.body);
    return;
  }
  const hasBody = answer.body !== undefined && answer.status !== 204;
  res
    .writeHead(answer.status, { ...common, ...(hasBody ? { "content-type": "application/json" } : {}), ...answer.headers })
    .end(hasBody ? JSON.stringify(answer.body) : undefined);
}
