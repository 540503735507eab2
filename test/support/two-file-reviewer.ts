/**
 * A model for re-review tests on the forges: it reports a finding on src/a.ts (SQL built
 * from input) and one on src/b.ts (reading past the end, with a suggestion) while the code
 * each is about is in what it is shown, so a push that fixes b.ts leaves only a.ts's open.
 */
import { reply, type RecordedRequest } from "./model-server.js";

const sentText = (r: RecordedRequest) => r.body.messages.map((m) => m.content).join("\n");

export function twoFileReviewer(request: RecordedRequest) {
  const text = sentText(request);
  if (text.includes("Write the overall summary")) return reply.json({ summary: "Overall." });
  const comments = [
    ...(text.includes("db.query(input)") ? [{ path: "src/a.ts", line: 2, severity: "major", title: "SQL built from input", body: "Pass `input` as a parameter." }] : []),
    ...(text.includes("xs[xs.length];") ? [{ path: "src/b.ts", line: 2, severity: "minor", title: "Reads past the end", body: "Use `xs.length - 1`.", suggestion: "  return xs[xs.length - 1];" }] : []),
  ];
  return reply.json({ summary: "Reviewed.", comments });
}
