import type { FileStatus } from "../../core/diff-model.js";

/** The flags GitLab gives each file of a merge request diff, a comparison or a version. */
export interface GitLabFileFlags {
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
}

/**
 * GitLab's flags as the diff model's status. GitLab has no copies; a rename with edits is
 * renamed; a mode change alone is a modification with nothing to show.
 */
export function gitlabFileStatus(flags: GitLabFileFlags): FileStatus {
  if (flags.new_file) return "added";
  if (flags.deleted_file) return "deleted";
  if (flags.renamed_file) return "renamed";
  return "modified";
}
