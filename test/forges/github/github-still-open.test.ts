/**
 * A re-review on GitHub through the loopback server and the real octokit: the publisher
 * reads the bot's earlier inline comments back as findings (place, title, link), and the
 * summary it edits in place lists the ones that still apply.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readSummaryMarker } from "../../../src/core/review-marker.js";
import { GitHubChangeSource } from "../../../src/forges/github/github-change-source.js";
import { GitHubPublisher } from "../../../src/forges/github/github-publisher.js";
import { runReviewFlow } from "../../../src/review-flow.js";
import { startModelServer, type ModelServer } from "../../support/model-server.js";
import { twoFileReviewer } from "../../support/two-file-reviewer.js";
import { OWNER, REPO, startFixture, type Fixture } from "./github-fixture.js";

let fixture: Fixture | undefined;
let model: ModelServer | undefined;
afterEach(async () => {
  await fixture?.close();
  await model?.close();
  fixture = undefined;
  model = undefined;
});

const BOT = "github-actions[bot]";

describe("GitHubPublisher on a re-review", () => {
  it("reads back the earlier findings from its posted comments and lists those still open in the edited summary", async () => {
    fixture = await startFixture();
    model = await startModelServer(twoFileReviewer);
    const { github, git } = fixture;
    git.write("README.md", "# widgets\n");
    git.commit("base");
    git.git("checkout", "-q", "-b", "fix");
    git.write("src/a.ts", "// rows\nexport const rows = db.query(input);\n");
    git.write("src/b.ts", "export function last(xs: number[]) {\n  return xs[xs.length];\n}\n");
    const firstHead = git.commit("add a and b");
    const pull = github
      .addRepository({ owner: OWNER, name: REPO, git })
      .addPullRequest({ title: "Widgets", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
    const octokit = fixture.octokit(github.actionsToken(`${OWNER}/${REPO}`));
    const address = { octokit, owner: OWNER, repo: REPO, pullNumber: pull.number };
    const run = () =>
      runReviewFlow({
        source: new GitHubChangeSource(address),
        publisher: new GitHubPublisher({ ...address, botLogin: BOT }),
        env: { OPENAI_BASE_URL: model!.baseURL, OPENAI_API_KEY: "sk-loopback", AI_REVIEW_MODEL: "m" },
        sleep: async () => {},
      });

    const first = await run();
    expect(first.review.comments.map((c) => c.path)).toEqual(["src/a.ts", "src/b.ts"]);
    const onA = pull.reviewComments.find((c) => c.path === "src/a.ts")!;

    // The push fixes b.ts and leaves a.ts alone.
    git.write("src/b.ts", "export function last(xs: number[]) {\n  return xs[xs.length - 1];\n}\n");
    const secondHead = git.commit("fix b");
    pull.push(secondHead);

    const previous = await new GitHubPublisher({ ...address, botLogin: BOT }).previous();
    expect(previous.state?.head).toBe(firstHead);
    const url = (id: number) => expect.stringMatching(new RegExp(`/${OWNER}/${REPO}/pull/${pull.number}#discussion_r${id}$`));
    expect(previous.findings).toEqual(
      first.review.comments.map((c) => ({
        fingerprint: c.fingerprint,
        path: c.path,
        line: 2,
        severity: c.severity,
        title: c.title,
        url: url(pull.reviewComments.find((posted) => posted.path === c.path)!.id),
      })),
    );

    const second = await run();
    expect(second.change.incremental).toEqual({ since: firstHead, files: 1 });
    expect(second.review.comments).toEqual([]);
    expect(pull.reviewComments).toHaveLength(2);
    expect(pull.issueComments).toHaveLength(1);
    const summary = pull.issueComments[0]!.body;
    expect(readSummaryMarker(summary)).toEqual({ head: secondHead, base: first.state.base, fingerprints: first.state.fingerprints });
    expect(summary).toContain(`Reviewed the changes since ${firstHead.slice(0, 7)} (1 file).`);
    const link = previous.findings.find((f) => f.path === "src/a.ts")!.url!;
    expect(link).toContain(`#discussion_r${onA.id}`);
    expect(summary).toContain(`### Still open from earlier reviews (1)\n\n- **major** \`src/a.ts:2\` SQL built from input ([comment](${link}))\n`);
    expect(summary).not.toContain("Reads past the end");
  });
});
