/**
 * Extensions of files that are binary even when a diff shows them as text (because of a
 * `.gitattributes` `diff` setting, or a forge that sends them as text). SVG is left out: it
 * is text, and a hand-written one can hide script.
 */
const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif bmp ico icns webp avif tif tiff psd heic heif " +
    "pdf doc docx xls xlsx ppt pptx odt ods odp " +
    "zip gz tgz bz2 xz zst 7z rar tar jar war ear whl nupkg apk ipa dmg iso " +
    "woff woff2 ttf otf eot " +
    "wasm exe dll so dylib a o obj lib class pyc pyo node " +
    "mp3 mp4 m4a wav ogg oga flac aac mov avi mkv webm " +
    "sqlite sqlite3 db"
  ).split(" "),
);

/** The binary extension of a file name, lower-cased (`png`), or null. */
export function binaryExtension(name: string): string | null {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null;
  const ext = name.slice(dot + 1).toLowerCase();
  return BINARY_EXTENSIONS.has(ext) ? ext : null;
}

/**
 * Binary files that run or hold code that runs: compiled objects, executables, packages.
 * One added or changed by a change is code the model cannot read, so it withholds approval;
 * an image or a font does not.
 */
const RUNNABLE_EXTENSIONS = new Set("jar war ear whl nupkg apk ipa dmg wasm exe dll so dylib a o obj lib class pyc pyo node".split(" "));

/** The extension of a binary file that runs (`jar`, `so`), lower-cased, or null. */
export function runnableBinaryExtension(name: string): string | null {
  const ext = binaryExtension(name);
  return ext && RUNNABLE_EXTENSIONS.has(ext) ? ext : null;
}
