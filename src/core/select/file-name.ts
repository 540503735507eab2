/** The last segment of a diff path (diff paths always use `/`). */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
