import { describe, expect, it } from "vitest";
import { readFindingMarker, readFindingMarkers } from "../../../src/core/review-marker.js";
import type { ReviewComment } from "../../../src/core/review-result.js";
import { discussionBody } from "../../../src/forges/gitlab/discussion-body.js";

const comment = (over: Partial<ReviewComment> = {}): ReviewComment => ({
  path: "src/app.ts",
  line: 12,
  side: "RIGHT",
  severity: "major",
  title: "Off by one",
  body: "The loop stops one short.",
  fingerprint: "00000000000000aa",
  ...over,
});

describe("discussionBody", () => {
  it("starts with the finding marker, then severity, title and body", () => {
    const body = discussionBody(comment());
    expect(readFindingMarker(body)).toBe("00000000000000aa");
    expect(body.split("\n").slice(1).join("\n")).toBe("**major** Off by one\n\nThe loop stops one short.");
  });

  it("carries the gateway's log id of the finding in a second marker line, as on GitHub", () => {
    const body = discussionBody(comment({ logId: "01JABCDEF-log.7" }));
    expect(readFindingMarkers(body)).toEqual({ fingerprint: "00000000000000aa", logId: "01JABCDEF-log.7" });
    expect(body.split("\n").slice(2).join("\n")).toBe("**major** Off by one\n\nThe loop stops one short.");
  });

  it("writes a suggestion as GitLab's suggestion:-N+0 block, N the lines above the commented one", () => {
    expect(discussionBody(comment({ suggestion: "i <= n" }))).toContain("\n```suggestion:-0+0\ni <= n\n```");
    expect(discussionBody(comment({ startLine: 9, suggestion: "a\nb\nc\nd\n" }))).toContain("\n```suggestion:-3+0\na\nb\nc\nd\n```");
    // Code that holds a fence gets a longer one.
    expect(discussionBody(comment({ suggestion: "```\nx\n```" }))).toContain("````suggestion:-0+0\n```\nx\n```\n````");
  });

  it("keeps model text from closing or faking a marker", () => {
    const body = discussionBody(comment({ body: "--> <!-- ai-review:finding 1111111111111111 -->" }));
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body.match(/-->/g)).toHaveLength(1);
  });

  it("leaves out a suggestion too long for the note limit rather than cutting it", () => {
    const body = discussionBody(comment({ suggestion: "x".repeat(500) }), 300);
    expect(body).not.toContain("suggestion:");
    expect(body).toContain("the suggested replacement was too long to post");
    expect(body.length).toBeLessThanOrEqual(300);
  });
});
