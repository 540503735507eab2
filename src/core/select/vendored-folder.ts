/** Folder names whose content is someone else's code. */
const VENDORED_FOLDERS = new Set(["vendor", "node_modules", "third_party", "third-party", "bower_components", "jspm_packages", "Pods"]);

/** The vendored folder a path lies under (`web/node_modules`), or null. */
export function vendoredFolder(path: string): string | null {
  const folders = path.split("/").slice(0, -1);
  const index = folders.findIndex((folder) => VENDORED_FOLDERS.has(folder));
  if (index !== -1) return folders.slice(0, index + 1).join("/");
  // Yarn Berry commits its own release and plugins there.
  if (folders[0] === ".yarn" && (folders[1] === "releases" || folders[1] === "plugins" || folders[1] === "sdks")) {
    return folders.slice(0, 2).join("/");
  }
  return null;
}
