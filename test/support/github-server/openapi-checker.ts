/**
 * Checks requests (and the server's own answers) against GitHub's published OpenAPI
 * description (`@octokit/openapi`, `generated/api.github.com.deref.json`).
 *
 * The description is 70 MB; reading it takes about a second. The parts used here (every
 * operation's path and query parameters and JSON body, and the answer schemas of the
 * operations the server implements) are extracted once and kept in the system's temporary
 * folder, keyed by the package version, so later test files load about 1 MB. Validators are
 * compiled per operation on first use and cached for the process.
 *
 * OpenAPI 3.0 is not JSON Schema: `nullable: true` becomes a `null` type, and formats GitHub
 * invents (`repo.nwo`, `int64`, ...) are accepted as they come. Request bodies are checked
 * strictly (an object key the description does not list is a violation), because GitHub
 * ignores unknown keys silently, which is how a misspelt `start_side` goes unnoticed.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

type Schema = Record<string, unknown>;

export interface OperationParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: Schema | undefined;
}

export interface Operation {
  /** "GET /repos/{owner}/{repo}/pulls/{pull_number}": octokit's route string. */
  route: string;
  method: string;
  template: string;
  operationId: string;
  documentationUrl: string;
  parameters: OperationParameter[];
  body: Schema | undefined;
  bodyRequired: boolean;
  /** Answer schemas by status code; only for the routes listed in `RESPONSE_ROUTES`. */
  responses: Record<string, Schema>;
}

export type RouteMatch =
  | { kind: "found"; operation: Operation; pathParams: Record<string, string> }
  | { kind: "no-route" }
  | { kind: "wrong-method"; allowed: string[] };

export interface OpenApiChecker {
  /** Which operation a method and path (without query) name. */
  match(method: string, pathname: string): RouteMatch;
  /** What is wrong with a request for `operation`; empty when it follows the description. */
  checkRequest(operation: Operation, request: { pathParams: Record<string, string>; query: Record<string, string>; body: unknown; hasBody: boolean }): string[];
  /** What is wrong with an answer; empty when it follows the description or none is described for that status. */
  checkResponse(operation: Operation, status: number, body: unknown): string[];
}

/** Routes whose answer schemas are kept, to check the server's own answers. */
export const RESPONSE_ROUTES = [
  "GET /repos/{owner}/{repo}/pulls/{pull_number}",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
  "GET /repos/{owner}/{repo}/contents/{path}",
  "GET /repos/{owner}/{repo}/compare/{basehead}",
  "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}",
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
  "GET /repos/{owner}/{repo}/installation",
  "POST /app/installations/{installation_id}/access_tokens",
  "GET /rate_limit",
];

const require = createRequire(import.meta.url);
let loading: Promise<OpenApiChecker> | undefined;

/** The checker, built once per process. */
export function loadOpenApiChecker(): Promise<OpenApiChecker> {
  loading ??= Promise.resolve().then(() => createChecker(loadOperations()));
  return loading;
}

function loadOperations(): Operation[] {
  const packageJson = require.resolve("@octokit/openapi/package.json");
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  const cache = join(tmpdir(), `ai-review-openapi-${version}-${hashRoutes()}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, "utf8")) as Operation[];

  const spec = JSON.parse(readFileSync(join(dirname(packageJson), "generated", "api.github.com.deref.json"), "utf8")) as {
    paths: Record<string, Record<string, RawOperation>>;
  };
  const operations = extractOperations(spec.paths);
  // Written aside then renamed, so a test file running in parallel never reads half a file.
  const partial = `${cache}.${randomUUID()}`;
  writeFileSync(partial, JSON.stringify(operations));
  renameSync(partial, cache);
  return operations;
}

function hashRoutes(): string {
  let hash = 0;
  for (const char of RESPONSE_ROUTES.join("|")) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(16);
}

interface RawOperation {
  operationId?: string;
  externalDocs?: { url?: string };
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const METHODS = ["get", "post", "put", "patch", "delete", "head"];

function extractOperations(paths: Record<string, Record<string, RawOperation>>): Operation[] {
  const keep = new Set(RESPONSE_ROUTES);
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(paths)) {
    for (const [lower, raw] of Object.entries(methods)) {
      if (!METHODS.includes(lower) || !raw.operationId) continue;
      const method = lower.toUpperCase();
      const route = `${method} ${template}`;
      const responses: Record<string, Schema> = {};
      if (keep.has(route)) {
        for (const [status, answer] of Object.entries(raw.responses ?? {})) {
          const schema = answer.content?.["application/json"]?.schema;
          if (schema) responses[status] = schema;
        }
      }
      operations.push({
        route,
        method,
        template,
        operationId: raw.operationId,
        documentationUrl: raw.externalDocs?.url ?? "https://docs.github.com/rest",
        parameters: (raw.parameters ?? [])
          .filter((parameter) => parameter.in === "path" || parameter.in === "query")
          .map((parameter) => ({
            name: parameter.name,
            in: parameter.in as "path" | "query",
            required: parameter.required === true,
            schema: parameter.schema,
          })),
        body: raw.requestBody?.content?.["application/json"]?.schema,
        bodyRequired: raw.requestBody?.required === true,
        responses,
      });
    }
  }
  return operations;
}

/** Last parameters that hold slashes when a client does not encode them (octokit does). */
const SLASHED_PARAMETERS = new Set(["{path}", "{ref}", "{basehead}"]);

interface CompiledTemplate {
  operation: Operation;
  segments: (string | null)[];
  literals: number;
  /** The last segment is a parameter that may hold slashes (`contents/{path}`, `compare/{basehead}`, `git/ref/{ref}`). */
  greedyTail: boolean;
  names: string[];
}

function createChecker(operations: Operation[]): OpenApiChecker {
  const templates: CompiledTemplate[] = operations.map((operation) => {
    const parts = operation.template.split("/").slice(1);
    const segments = parts.map((part) => (/^\{[^}]+\}$/.test(part) ? null : part));
    return {
      operation,
      segments,
      literals: segments.filter((segment) => segment !== null).length,
      greedyTail: SLASHED_PARAMETERS.has(parts.at(-1) ?? ""),
      names: parts.filter((part) => part.startsWith("{")).map((part) => part.slice(1, -1)),
    };
  });

  const strictAjv = newAjv(false);
  const coercingAjv = newAjv(true);
  const requestValidators = new Map<string, { params: ValidateFunction; body: ValidateFunction | undefined }>();
  const responseValidators = new Map<string, ValidateFunction>();

  const validatorsFor = (operation: Operation) => {
    let found = requestValidators.get(operation.route);
    if (!found) {
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      for (const parameter of operation.parameters) {
        const key = `${parameter.in}:${parameter.name}`;
        properties[key] = toJsonSchema(parameter.schema ?? {}, false);
        if (parameter.required || parameter.in === "path") required.push(key);
      }
      found = {
        params: coercingAjv.compile({ type: "object", properties, required, additionalProperties: false }),
        body: operation.body ? strictAjv.compile(toJsonSchema(operation.body, true)) : undefined,
      };
      requestValidators.set(operation.route, found);
    }
    return found;
  };

  return {
    match(method, pathname) {
      const parts = pathname.split("/").slice(1);
      const candidates = templates
        .map((template) => ({ template, found: matchSegments(template, parts) }))
        .filter((candidate): candidate is { template: CompiledTemplate; found: SegmentMatch } => candidate.found !== undefined)
        .map(({ template, found }) => ({ template, ...found, rank: (found.greedy ? 0 : 1000) + template.literals }));
      if (candidates.length === 0) return { kind: "no-route" };
      // An exact match beats one whose last parameter swallows slashes; then literals beat parameters.
      const top = Math.max(...candidates.map((candidate) => candidate.rank));
      const best = candidates.filter((candidate) => candidate.rank === top);
      const chosen = best.find((candidate) => candidate.template.operation.method === method.toUpperCase());
      if (!chosen) return { kind: "wrong-method", allowed: best.map((candidate) => candidate.template.operation.method) };
      const pathParams: Record<string, string> = {};
      chosen.template.names.forEach((name, index) => (pathParams[name] = chosen.params[index] ?? ""));
      return { kind: "found", operation: chosen.template.operation, pathParams };
    },

    checkRequest(operation, request) {
      const { params, body } = validatorsFor(operation);
      const problems: string[] = [];
      const values: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(request.pathParams)) values[`path:${name}`] = value;
      for (const [name, value] of Object.entries(request.query)) values[`query:${name}`] = value;
      if (!params(values)) problems.push(...describe(params.errors, "parameter"));
      if (body) {
        if (!request.hasBody) {
          if (operation.bodyRequired) problems.push("the request has no body, and this operation requires one");
        } else if (!body(request.body)) {
          problems.push(...describe(body.errors, "body"));
        }
      } else if (request.hasBody) {
        problems.push("the request has a body, and this operation takes none");
      }
      return problems;
    },

    checkResponse(operation, status, body) {
      const schema = operation.responses[String(status)];
      if (!schema) return [];
      const key = `${operation.route} ${status}`;
      let validate = responseValidators.get(key);
      if (!validate) {
        validate = strictAjv.compile(toJsonSchema(schema, false));
        responseValidators.set(key, validate);
      }
      return validate(body) ? [] : describe(validate.errors, "answer");
    },
  };
}

interface SegmentMatch {
  params: string[];
  greedy: boolean;
}

function matchSegments(template: CompiledTemplate, requested: string[]): SegmentMatch | undefined {
  let parts = requested;
  const { segments } = template;
  // octokit drops the trailing slash of `contents/` (an empty path, the root): GitHub serves it as the root.
  if (parts.length === segments.length - 1 && template.operation.template.endsWith("/contents/{path}")) parts = [...parts, ""];
  const greedy = parts.length > segments.length && template.greedyTail;
  if (parts.length !== segments.length && !greedy) return undefined;
  const params: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const part = last && greedy ? parts.slice(index).join("/") : parts[index];
    // An empty last `{path}` is the repository root (`GET .../contents/`), which GitHub serves.
    const mayBeEmpty = last && template.greedyTail;
    if (part === undefined || (part === "" && !mayBeEmpty)) return undefined;
    if (segment === null) params.push(safeDecode(part));
    else if (segment !== part) return undefined;
  }
  return { params, greedy };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // A malformed escape stays as sent; the handler then finds nothing under that name.
    return part;
  }
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((error) => {
    const path = error.instancePath.replace(/^\/(path|query):/, "/$1 ").replace(/^\//, "");
    if (error.keyword === "additionalProperties") {
      const key = String((error.params as { additionalProperty?: string }).additionalProperty).replace(/^(path|query):/, "$1 ");
      return `${where}${path ? ` ${path}` : ""}: ${JSON.stringify(key)} is not in GitHub's description of this operation`;
    }
    const extra = error.keyword === "enum" ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})` : "";
    return `${where}${path ? ` ${path}` : ""}: ${error.message ?? error.keyword}${extra}`;
  });
}

function newAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, validateFormats: true });
  // ajv-formats is CommonJS with a `default` export; under NodeNext the import is the module object.
  const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;
  addFormats(ajv);
  // Formats GitHub uses that JSON Schema does not define: their type is checked, not their shape.
  for (const name of ["int32", "int64", "double", "timestamp", "repo.nwo", "binary"]) ajv.addFormat(name, true);
  return ajv;
}

const COMBINATORS = ["allOf", "anyOf", "oneOf"];

/**
 * OpenAPI 3.0 schema -> JSON Schema for ajv: `nullable` becomes a null type; with `closed`,
 * objects outside combinators refuse keys they do not list (see the file comment).
 */
export function toJsonSchema(schema: Schema, closed: boolean): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key === "example" || key === "examples") continue;
    if (key === "properties" && value && typeof value === "object") {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, sub]) => [name, toJsonSchema(sub, closed)]));
    } else if ((key === "items" || key === "not") && value && typeof value === "object" && !Array.isArray(value)) {
      out[key] = toJsonSchema(value as Schema, closed);
    } else if (key === "additionalProperties" && value && typeof value === "object") {
      out[key] = toJsonSchema(value as Schema, closed);
    } else if (COMBINATORS.includes(key) && Array.isArray(value)) {
      // A branch of a combinator sees only part of the object, so it cannot refuse the other keys.
      out[key] = (value as Schema[]).map((sub) => toJsonSchema(sub, false));
    } else {
      out[key] = value;
    }
  }
  if (closed && out.properties && out.additionalProperties === undefined && !COMBINATORS.some((key) => key in out)) {
    out.additionalProperties = false;
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    } else {
      return { anyOf: [out, { type: "null" }] };
    }
  }
  return out;
}
