/**
 * What kind of text a file is, as far as secrets care: in code an unquoted value after
 * `password =` is an expression (`password = userInput`), in a settings file (.env, YAML,
 * .properties, shell) it is the value itself (`DB_PASSWORD=Summer2024!Pass`). Free text (a
 * PR description, Markdown) quotes both: read as settings, except that a bare dotted name
 * (`password = this.input.value`) is code there.
 */
export type Flavour = "code" | "settings" | "text";

const CODE_EXTENSIONS = new Set([
  "ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "py", "pyi", "go", "java", "kt", "kts", "scala",
  "groovy", "rb", "php", "cs", "fs", "vb", "rs", "swift", "m", "mm", "c", "h", "cc", "cpp", "hpp", "cxx",
  "dart", "lua", "pl", "pm", "r", "jl", "ex", "exs", "erl", "clj", "hs", "ml", "vue", "svelte", "sql",
]);

const TEXT_EXTENSIONS = new Set(["md", "markdown", "mdx", "txt", "rst", "adoc", "asciidoc", "org", "html", "htm"]);

export function fileFlavour(path: string): Flavour {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? name.slice(dot + 1) : "";
  // `build.gradle` is code, but `gradle.properties` and friends are settings.
  if (CODE_EXTENSIONS.has(ext) || ext === "gradle") return "code";
  return TEXT_EXTENSIONS.has(ext) || /^(?:changelog|changes|history|news|readme|authors)(?:\.|$)/.test(name) ? "text" : "settings";
}

/** A YAML file, where a Kubernetes Secret may sit. */
export const isYamlPath = (path: string) => /\.ya?ml$/i.test(path);

/** Files that hold one key and nothing else, where a single body line is key material. */
export const isKeyFilePath = (path: string) =>
  /(?:^|\/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|[^/]*\.(?:pem|key|p8|ppk|asc|gpg))$/i.test(path);

/** Certificates and their bundles: base64 bodies there are public. */
export const isCertificatePath = (path: string) =>
  /\.(?:crt|cer|cert|der|p7b|p7c|csr)$|(?:cert|chain|bundle|(?:^|[-_.\/])ca)[^/]*\.pem$/i.test(path);

/**
 * A line of a doc comment or a line comment in code (` * "Password": "..."` in an SDK's API
 * documentation): examples live there, so only token-shaped values count, never a
 * human-made password.
 */
export const isCommentLine = (text: string) => /^\s*(?:\*|\/\*|\/\/)/.test(text);
