/**
 * A change that only reorders lines (`const db = connect();` moved below `migrate(db);`)
 * was skipped as "whitespace-only": the old check compared the added and deleted lines as
 * multisets, so the same lines in another order matched. With `approve: true` the change
 * was approved without a model call.
 */
import { describe, expect, it } from "vitest";
import { reviewBranch } from "../support/review-branch.js";

const BASE = ["import { connect, migrate } from './db';", "", "const db = connect();", "migrate(db);", "export default db;", ""].join("\n");
const REORDERED = ["import { connect, migrate } from './db';", "", "migrate(db);", "const db = connect();", "export default db;", ""].join("\n");

describe("regression: reordered lines skipped as whitespace-only", () => {
  it("reviews a change that reorders lines, even when the moved lines are also re-spaced", async () => {
    const respaced = REORDERED.replace("migrate(db);", "migrate(db);  ").replace("const db = connect();", "const  db = connect();");
    for (const head of [REORDERED, respaced]) {
      const { review, sent } = await reviewBranch({ base: { "src/db.ts": BASE }, branch: { "src/db.ts": head } });
      expect(review.skipped).toEqual([]);
      expect(sent).toContain("### src/db.ts");
      expect(sent).toMatch(/\d\+const +db = connect\(\);/);
      expect(review.usage.calls).toBe(1);
      // Approved only because the model saw the change.
      expect(review.verdict).toBe("approve");
    }
  });
});
