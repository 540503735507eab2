/**
 * Grape's parameter handling, as pure functions: request parameters come from the query and
 * the body (JSON, urlencoded or multipart, where gitbeaker sends `position[new_line]=5`), are
 * nested by their brackets, and are checked against a route's declared parameters. Grape
 * refuses a missing or mistyped parameter with 400 `{"error":"position[base_sha] is missing"}`
 * and silently ignores unknown ones; this server reports both as contract violations.
 */

export type ParamSpec =
  | { type: "integer" | "string" | "boolean"; required?: boolean; values?: readonly string[] }
  | { type: "hash"; required?: boolean; fields: Record<string, ParamSpec> };

export type Params = Record<string, unknown>;

/** Sets `a[b][c]` = value into a nested object. */
export function setNested(target: Params, key: string, value: unknown): void {
  const parts = key.replace(/\]/g, "").split("[");
  let node: Params = target;
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1) {
      node[part] = value;
    } else {
      const next = node[part];
      node = (typeof next === "object" && next !== null ? next : (node[part] = {})) as Params;
    }
  }
}

export function nestEntries(entries: Iterable<[string, unknown]>): Params {
  const params: Params = {};
  for (const [key, value] of entries) setNested(params, key, value);
  return params;
}

export interface ParamCheck {
  /** Typed values (integers as numbers, booleans as booleans). */
  params: Params;
  /** Grape's messages: "body is missing", "position[new_line] is invalid", "sort does not have a valid value". */
  errors: string[];
  /** Parameters GitLab does not know (it ignores them silently). */
  unknown: string[];
}

export function checkParams(input: Params, specs: Record<string, ParamSpec>, prefix = ""): ParamCheck {
  const params: Params = {};
  const errors: string[] = [];
  const unknown: string[] = [];
  const name = (key: string) => (prefix ? `${prefix}[${key}]` : key);
  for (const [key, spec] of Object.entries(specs)) {
    const value = input[key];
    if (value === undefined || (value === null && spec.type !== "integer")) {
      if (spec.required) errors.push(`${name(key)} is missing`);
      continue;
    }
    if (spec.type === "hash") {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        errors.push(`${name(key)} is invalid`);
        continue;
      }
      const inner = checkParams(value as Params, spec.fields, name(key));
      params[key] = inner.params;
      errors.push(...inner.errors);
      unknown.push(...inner.unknown);
      continue;
    }
    const typed = coerce(value, spec.type);
    if (typed === undefined) {
      errors.push(`${name(key)} is invalid`);
      continue;
    }
    if (spec.values && !spec.values.includes(String(typed))) {
      errors.push(`${name(key)} does not have a valid value`);
      continue;
    }
    params[key] = typed;
  }
  for (const key of Object.keys(input)) if (!(key in specs)) unknown.push(name(key));
  return { params, errors, unknown };
}

function coerce(value: unknown, type: "integer" | "string" | "boolean"): unknown {
  switch (type) {
    case "integer":
      // Grape reads a blank value of a non-string parameter as nil (form data writes null as "").
      if (value === null || value === "") return null;
      if (typeof value === "number" && Number.isInteger(value)) return value;
      return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : undefined;
    case "string":
      return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
    case "boolean":
      if (typeof value === "boolean") return value;
      return value === "true" || value === "1" ? true : value === "false" || value === "0" ? false : undefined;
  }
}
