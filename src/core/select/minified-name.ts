const MINIFIED_NAME = /[.-]min\.(?:js|mjs|cjs|css)$/i;

/** The minified suffix of a file name (`.min.js`), or null. */
export function minifiedName(name: string): string | null {
  return MINIFIED_NAME.exec(name)?.[0] ?? null;
}
