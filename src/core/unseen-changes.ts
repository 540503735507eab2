import type { FileSection } from "./diff-model.js";
import { promptPath } from "./prompt-path.js";
import { compileConfigFilter } from "./select/config-filter.js";

/** Past this many, the list says how many more: a mass deletion must not fill a request. */
const MAX_LISTED = 40;

/**
 * The changes of a merge request that have no lines for the model to read, one line of
 * prompt each: deleted files, renames and copies without a content change, submodules
 * moved to another commit, file modes changed, empty files added. Skipping them is right
 * (there is no code to review), but a reviewer must know they happened: a test deleted
 * beside the code it tested, a module renamed so its imports break, a dependency pinned to
 * another commit. Files the config leaves out are left out here too. Paths go through
 * `promptPath`, like every path sent.
 */
export function listUnseenChanges(
  sections: readonly FileSection[],
  config: { include?: readonly string[]; exclude?: readonly string[] },
): string[] {
  const leftOut = compileConfigFilter(config);
  const lines: string[] = [];
  let more = 0;
  for (const section of sections) {
    if (leftOut(section.path)) continue;
    // Past the listed ones only their number is sent, so their paths need no redacting.
    const listed = lines.length < MAX_LISTED + 1;
    const line = unseenChange(section, listed ? promptPath : (path) => path);
    if (line && listed) lines.push(`- ${line}`);
    else if (line) more++;
  }
  if (lines.length <= MAX_LISTED) return lines;
  return [...lines.slice(0, MAX_LISTED), `- and ${lines.length - MAX_LISTED + more} more`];
}

function unseenChange(section: FileSection, pathShown: (path: string) => string): string | null {
  const mode = section.oldMode !== null && section.newMode !== null && section.oldMode !== section.newMode
    ? ` (mode ${section.oldMode} -> ${section.newMode})`
    : "";
  // Most files have lines to read and no line here: their path is not redacted for nothing.
  if (!section.submodule && section.status !== "deleted" && !mode && (section.binary || /\S/.test(section.body))) return null;
  const path = pathShown(section.path);
  if (section.submodule) return submoduleChange(path, section);
  if (section.status === "deleted") return `deleted: ${path}`;
  if (/\S/.test(section.body) || section.binary) return mode ? `mode changed: ${path}${mode}` : null;
  if (section.status === "renamed" || section.status === "copied") {
    return `${section.status} without content change: ${pathShown(section.oldPath)} -> ${path}${mode}`;
  }
  if (section.status === "added") return `added, empty: ${path}`;
  return mode ? `mode changed: ${path}${mode}` : null;
}

function submoduleChange(path: string, section: FileSection): string {
  const commit = (sign: string) => new RegExp(`^\\${sign}Subproject commit ([0-9a-f]{7,40})`, "m").exec(section.body)?.[1]?.slice(0, 12);
  const before = commit("-");
  const after = commit("+");
  if (section.status === "added" || !before) return `submodule added: ${path}${after ? ` at ${after}` : ""}`;
  if (section.status === "deleted" || !after) return `submodule removed: ${path} (was at ${before})`;
  return `submodule moved: ${path} ${before} -> ${after}`;
}
