import { fileName } from "./file-name.js";

/**
 * Languages and formats where the amount of whitespace is meaning: indentation makes
 * blocks (Python and its dialects: Cython, Mojo, Vyper, Snakemake, Ren'Py, SageMath,
 * xonsh, Kivy; YAML and its dialects: SaltStack states, RAML, CITATION.cff; Haskell, F#,
 * Nim, CoffeeScript and CSON, Pug, Sass, Stylus, Haml, Slim, Elm, Idris, PureScript, Agda,
 * Lean, Scala 3, reStructuredText, Starlark, GDScript), a tab starts a recipe (Makefiles),
 * an indented line continues the previous value (INI files read by Python's configparser,
 * Cabal), a tab separates fields (TSV), or leading spaces are part of the data (Nix's
 * indented strings, patches). There a spacing edit can move a statement out of an `if`,
 * so it is never skipped as whitespace-only.
 */
const SPACING_SENSITIVE_EXTENSIONS = new Set(
  (
    "py pyi pyw pyx pxd pxi ipy wsgi tac rpy sage xsh kv vy smk mojo gd star bzl bazel " +
    "yaml yml sls raml cff " +
    "mk mak make " +
    "hs lhs fs fsi fsx nim nims coffee litcoffee cson elm idr lidr purs agda lagda lean scala sc " +
    "pug jade sass styl haml slim " +
    "rst cabal nix cfg ini tsv patch diff"
  ).split(" "),
);

const SPACING_SENSITIVE_NAMES = new Set([
  "Makefile",
  "makefile",
  "GNUmakefile",
  "BUILD",
  "WORKSPACE",
  "Snakefile",
  "SConstruct",
  "SConscript",
  "Tiltfile",
]);

/**
 * Suffixes that wrap a file of another language: templates (`ci.yml.j2` of Ansible,
 * `setup.py.in` of autoconf and Meson, `pod.yaml.tpl` and `.gotmpl` of Helm, `.erb`,
 * `.tmpl`) and examples (`settings.py.example`, `.env.sample`, `phpunit.xml.dist`). The
 * language is the one under the suffix.
 */
const TEMPLATE_SUFFIXES = new Set(["in", "j2", "jinja", "jinja2", "tmpl", "tpl", "erb", "example", "sample", "dist", "gotmpl", "template"]);

/**
 * True when a spacing edit in this file may change what it does. A name without an
 * extension (`bin/deploy`, `Procfile`, `.bashrc`) counts too: it is often a script whose
 * language only its first line names, and that line is rarely in the diff. So does a
 * template with nothing under its suffix (`_helpers.tpl`, `config.j2`): what it renders
 * is unknown, and often YAML.
 */
export function isSpacingSensitive(path: string): boolean {
  let name = fileName(path);
  for (;;) {
    if (SPACING_SENSITIVE_NAMES.has(name)) return true;
    const dot = name.lastIndexOf(".");
    if (dot <= 0) return true;
    const ext = name.slice(dot + 1).toLowerCase();
    if (!TEMPLATE_SUFFIXES.has(ext)) return SPACING_SENSITIVE_EXTENSIONS.has(ext);
    name = name.slice(0, dot);
  }
}
