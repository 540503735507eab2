import { describe, expect, it } from "vitest";
import { accessFromAssociation, isBot, permissionAllowsCommands } from "../../src/forges/github/command-access.js";
import { helpReply } from "../../src/core/command-replies.js";
import { parseSlashCommand } from "../../src/core/slash-command.js";

describe("parseSlashCommand", () => {
  it.each([
    ["/review", { kind: "review", mode: "incremental" }],
    ["/review full", { kind: "review", mode: "full" }],
    ["/review FULL", { kind: "review", mode: "full" }],
    ["/review help", { kind: "help", unknown: null }],
    ["\n\n  /review   full  \nbecause the base moved", { kind: "review", mode: "full" }],
    ["/review\r\nplease", { kind: "review", mode: "incremental" }],
    ["/review everything", { kind: "help", unknown: "everything" }],
    ["/review full please", { kind: "help", unknown: "full please" }],
  ])("reads %j", (body, expected) => {
    expect(parseSlashCommand(body)).toEqual(expected);
  });

  it.each([
    ["looks good, /review later"],
    ["> /review full"],
    ["thanks\n/review"],
    ["```\n/review\n```"],
    ["/reviewer"],
    ["/Review"],
    [""],
    ["   \n  "],
    [null],
  ])("ignores %j: the command must begin the comment", (body) => {
    expect(parseSlashCommand(body)).toBeNull();
  });
});

describe("who may run commands", () => {
  it("trusts owners, members and collaborators by association, and asks the API for anyone else", () => {
    expect(["OWNER", "MEMBER", "COLLABORATOR"].map(accessFromAssociation)).toEqual(["allowed", "allowed", "allowed"]);
    expect(["NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN", undefined].map(accessFromAssociation)).toEqual(Array(6).fill("ask"));
  });

  it("allows admin, maintain and write permission, not triage, read or none", () => {
    expect(permissionAllowsCommands({ permission: "admin" })).toBe(true);
    expect(permissionAllowsCommands({ permission: "write", role_name: "maintain" })).toBe(true);
    expect(permissionAllowsCommands({ permission: "write" })).toBe(true);
    expect(permissionAllowsCommands({ permission: "read", role_name: "triage" })).toBe(false);
    expect(permissionAllowsCommands({ permission: "read", role_name: "read" })).toBe(false);
    expect(permissionAllowsCommands({ permission: "none", role_name: null })).toBe(false);
  });

  it("knows a bot by its type or its [bot] login", () => {
    expect(isBot({ login: "ai-review[bot]", type: "Bot" })).toBe(true);
    expect(isBot({ login: "renovate[bot]" })).toBe(true);
    expect(isBot({ login: "dependabot", type: "Bot" })).toBe(true);
    expect(isBot({ login: "alice", type: "User" })).toBe(false);
  });

  it("answers an unknown subcommand with the usage, quoting it without breaking the code span", () => {
    expect(helpReply("all `now`")).toMatch(/^`\/review all 'now'` is not a command I know\.\n\n\*\*ai-review\*\* commands/);
    expect(helpReply(null)).toContain("`/review full`");
  });
});
