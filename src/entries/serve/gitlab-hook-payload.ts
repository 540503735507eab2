/**
 * The GitLab webhook payloads `ai-review serve` acts on, checked before anything is done
 * with them: the fields read here, as GitLab's "Webhook events" documents them (Merge
 * request events, Comment events). Unknown fields are ignored. A payload that is not what
 * its `X-Gitlab-Event` says is an error that names the first field at fault.
 */
import { z } from "zod";

const user = z.object({ id: z.number().int(), username: z.string().min(1) });
const project = z.object({ id: z.number().int().positive(), path_with_namespace: z.string().min(1) });
/** `changes.draft` of an update: what the update did to the draft state. */
const change = z.object({ previous: z.unknown(), current: z.unknown() }).partial();

const mergeRequestHook = z.object({
  object_kind: z.literal("merge_request"),
  user,
  project,
  object_attributes: z.object({
    iid: z.number().int().positive(),
    /** Absent in hooks GitLab sends for some system-made changes. */
    action: z.string().optional(),
    state: z.string(),
    draft: z.boolean().optional(),
    work_in_progress: z.boolean().optional(),
    /** The previous head: set on an update that pushed commits, and only then. */
    oldrev: z.string().optional(),
    last_commit: z.object({ id: z.string() }).nullish(),
  }),
  changes: z.object({ draft: change.optional(), work_in_progress: change.optional() }).optional(),
});

const noteHook = z.object({
  object_kind: z.literal("note"),
  user,
  project,
  object_attributes: z.object({
    id: z.number().int().positive(),
    note: z.string(),
    noteable_type: z.string(),
    system: z.boolean().optional(),
    /** `create` or `update` (GitLab 16.1 on); older versions send creations only. */
    action: z.string().optional(),
  }),
  /** Present for notes on merge requests. */
  merge_request: z.object({ iid: z.number().int().positive() }).optional(),
});

export type MergeRequestHook = z.infer<typeof mergeRequestHook>;
export type NoteHook = z.infer<typeof noteHook>;

export type GitLabHook = { event: "Merge Request Hook"; payload: MergeRequestHook } | { event: "Note Hook"; payload: NoteHook };

/** The `X-Gitlab-Event`s a review can come from; others are answered and ignored. */
export const HANDLED_EVENTS = ["Merge Request Hook", "Note Hook"] as const;

export function isHandledEvent(event: string): event is GitLabHook["event"] {
  return (HANDLED_EVENTS as readonly string[]).includes(event);
}

/** The payload checked, or what is wrong with it (for a 400). */
export function readGitLabHook(event: GitLabHook["event"], body: unknown): GitLabHook | { error: string } {
  const schema = event === "Merge Request Hook" ? mergeRequestHook : noteHook;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join(".") : "the payload";
    return { error: `not a ${event} payload: ${where}: ${issue.message}` };
  }
  return { event, payload: parsed.data } as GitLabHook;
}
