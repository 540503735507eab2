/**
 * Adversary: a spacing edit is never "whitespace-only" in Python or YAML, but the check
 * reads only the last extension, so the same languages behind a template or example
 * suffix (`*.py.in` of autoconf and Meson, `*.yml.j2` of Ansible, `*.yaml.tpl`,
 * `*.py.tmpl`) and YAML under its own names (`*.sls` of SaltStack) are skipped as
 * whitespace-only when a line is re-indented, a reason the change does not control, so
 * the change is APPROVED. Dedenting a line moves it out of an `if`.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";

const ADD = "export function add(a, b) {\n  return a + b;\n}\n";
const PY = (drop: string) =>
  ["def purge(user, db):", "    if user.is_admin:", "        audit(user)", `${drop}db.drop_all()`, "    return db", ""].join("\n");
const YAML = (ro: string) =>
  ["spec:", "  containers:", "    - name: app", "      securityContext:", "        runAsNonRoot: true", `${ro}readOnlyRootFilesystem: true`, "      image: app:1", ""].join("\n");

describe("adversary: re-indentation in templated Python and YAML skipped as whitespace-only", () => {
  it.each([
    ["scripts/purge.py.in", PY("        "), PY("    ")],
    ["scripts/purge.py.tmpl", PY("        "), PY("    ")],
    ["roles/app/templates/pod.yml.j2", YAML("        "), YAML("      ")],
    ["chart/templates/pod.yaml.tpl", YAML("        "), YAML("      ")],
    ["salt/app/init.sls", YAML("        "), YAML("      ")],
  ])("reviews %s when a line is dedented", async (file, before, after) => {
    const { review, sent } = await reviewBranch({
      base: { "src/add.js": ADD, [file]: before },
      branch: { "src/add.js": ADD.replace("a + b", "a - b"), [file]: after },
    });
    expect(review.skipped.filter((s) => s.path === file)).toEqual([]);
    expect(sent).toContain(`### ${file}`);
  });
});
