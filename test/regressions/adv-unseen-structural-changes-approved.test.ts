/**
 * Adversary: some changes are skipped by reasons the change does not "control" in the
 * verdict's sense, yet the model is never even told they happened, and with `approve:
 * true` the change is APPROVED next to any small edit: a test file deleted, a module
 * renamed away (`src/auth.js` -> `src/auth.js.orig`, so its import now fails or falls back),
 * and a submodule moved to another commit. The prompt should at least list them (the
 * model can then say "why is the auth test deleted?"), or approval should be withheld.
 */
import { describe, expect, it } from "vitest";
import type { Repo } from "../support/git-repo.js";
import { advReview } from "./adv-helpers.js";

const ADD = "export function add(a, b) {\n  return a + b;\n}\n";
const BASE = {
  "src/add.js": ADD,
  "src/auth.js": "export const check = (user) => user.isAdmin === true;\n",
  "test/auth.test.js": 'import { check } from "../src/auth.js";\ntest("denies", () => expect(check({})).toBe(false));\n',
};

describe("adversary: structural changes the model never hears of are approved", () => {
  it.each([
    ["a deleted test file", "test/auth.test.js", { "test/auth.test.js": null }, undefined],
    ["a module renamed away", "src/auth.js.orig", {}, (repo: Repo): void => void repo.git("mv", "src/auth.js", "src/auth.js.orig")],
    [
      "a submodule bumped",
      "libs/crypto",
      {},
      (repo: Repo): void => void repo.git("update-index", "--cacheinfo", "160000,2222222222222222222222222222222222222222,libs/crypto"),
    ],
  ] as const)("%s: tells the model or does not approve", async (_what, path, branch, edit) => {
    const { review, sent } = await advReview({
      base: BASE,
      branch: { "src/add.js": ADD.replace("a + b", "a - b"), ...branch },
      edit: (repo) => {
        if (path === "libs/crypto") {
          // The base gets the submodule in an amended commit, then the branch moves it.
          repo.git("checkout", "-q", "main");
          repo.git("update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,libs/crypto");
          repo.git("commit", "-q", "--amend", "--no-edit");
          repo.git("checkout", "-q", "-B", "feature");
          repo.write("src/add.js", ADD.replace("a + b", "a - b"));
        }
        edit?.(repo);
      },
    });
    expect(review!.skipped.map((s) => s.path)).toContain(path);
    const told = sent.includes(path);
    expect(told || review!.verdict !== "approve").toBe(true);
  });
});
