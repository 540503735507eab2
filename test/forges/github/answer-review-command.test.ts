import { afterEach, describe, expect, it } from "vitest";
import { parseSlashCommand } from "../../../src/core/slash-command.js";
import { answerReviewCommand, refusalKey } from "../../../src/forges/github/answer-review-command.js";
import { BoundedSet } from "../../../src/entries/serve/bounded-set.js";
import { fault } from "../../support/github-server/index.js";
import { OWNER, REPO, startFixture, type Fixture } from "./github-fixture.js";

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const BOT = "github-actions[bot]";
const CREATE_COMMENT_ROUTE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";

async function setUp() {
  fixture = await startFixture();
  const { github, git } = fixture;
  git.write("src/app.ts", "const a = 1;\n");
  git.commit("base");
  git.git("checkout", "-q", "-b", "fix");
  git.write("src/app.ts", "const a = 2;\n");
  git.commit("change");
  const repository = github.addRepository({ owner: OWNER, name: REPO, git, collaborators: { carol: "write" } });
  const pull = repository.addPullRequest({ title: "Change", author: "alice", base: { ref: "main" }, head: { ref: "fix" } });
  const octokit = fixture.octokit(github.actionsToken(`${OWNER}/${REPO}`));
  const answer = (login: string, body: string, association: string, refused?: BoundedSet) => {
    const comment = pull.addIssueComment(login, body);
    const input = { owner: OWNER, repo: REPO, pullNumber: pull.number, commentId: comment.id, login, association, command: parseSlashCommand(body)! };
    return answerReviewCommand(octokit, input, { botLogin: BOT, ...(refused ? { refused } : {}) });
  };
  const botReplies = () => pull.issueComments.filter((c) => c.user.login === BOT).map((c) => c.body);
  return { github, pull, answer, botReplies };
}

describe("answerReviewCommand", () => {
  it("tells an outsider once per pull request, found from the bot's replies when nothing is remembered (the Action)", async () => {
    const { answer, botReplies } = await setUp();
    expect(await answer("mallory", "/review", "NONE")).toEqual({ run: false, why: "/review by mallory refused: no write access" });
    expect(await answer("mallory", "/review full", "NONE")).toEqual({ run: false, why: "/review by mallory ignored: refused on acme/widgets#1 before" });
    expect(await answer("eve", "/review", "CONTRIBUTOR")).toMatchObject({ run: false, why: "/review by eve refused: no write access" });
    expect(botReplies()).toEqual([expect.stringMatching(/^@mallory only repository owners/), expect.stringMatching(/^@eve only repository owners/)]);
  });

  it("asks GitHub nothing for an outsider it remembers telling (the app)", async () => {
    const { github, answer, botReplies } = await setUp();
    const refused = new BoundedSet(10);
    await answer("mallory", "/review", "NONE", refused);
    expect(refused.has(refusalKey("ACME", "Widgets", 1, "Mallory"))).toBe(true);
    const before = github.requests.length;
    expect(await answer("mallory", "/review", "NONE", refused)).toMatchObject({ run: false });
    expect(github.requests.length).toBe(before);
    expect(botReplies()).toHaveLength(1);
  });

  it("runs a command on an open pull request after an eyes reaction; on a closed one, nothing and no word", async () => {
    const { github, pull, answer, botReplies } = await setUp();
    expect(await answer("carol", "/review full", "COLLABORATOR")).toEqual({ run: true, mode: "full" });
    expect(pull.issueComments.at(-1)!.reactions.map((r) => r.content)).toEqual(["eyes"]);
    pull.state = "closed";
    expect(await answer("carol", "/review", "COLLABORATOR")).toEqual({ run: false, why: "/review by carol ignored: acme/widgets#1 is closed" });
    expect(pull.issueComments.at(-1)!.reactions).toEqual([]);
    expect(botReplies()).toEqual([]);
    expect(github.requestsTo("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions")).toHaveLength(1);
  });

  it("answers help each time it is asked; a reply answered 5xx is looked for, then sent again", async () => {
    const { github, answer, botReplies } = await setUp();
    await answer("carol", "/review help", "COLLABORATOR");
    await answer("carol", "/review help", "COLLABORATOR");
    expect(botReplies()).toHaveLength(2);
    // Answered 502 before GitHub stored it: the bot looks, finds no such reply, sends it again.
    github.inject(CREATE_COMMENT_ROUTE, fault.serverError(502));
    expect(await answer("carol", "/review what", "COLLABORATOR")).toEqual({ run: false, why: "/review help answered" });
    expect(botReplies()).toHaveLength(3);
    expect(github.requestsTo(CREATE_COMMENT_ROUTE).map((r) => r.status)).toEqual([201, 201, 502, 201]);
    expect(github.requestsTo("GET /repos/{owner}/{repo}/issues/{issue_number}/comments")).toHaveLength(1);
  });
});
