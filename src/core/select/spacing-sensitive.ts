import { fileName } from "./file-name.js";

/**
 * Languages and formats where the amount of whitespace is meaning: indentation makes
 * blocks (Python, YAML, Haskell, F#, Nim, CoffeeScript, Pug, Sass, Stylus, Haml, Slim,
 * Elm, Idris, PureScript, Agda, Lean, Scala 3, reStructuredText, Starlark, Cython, Mojo,
 * GDScript), a tab starts a recipe (Makefiles), an indented line continues the previous
 * value (INI files read by Python's configparser, Cabal), a tab separates fields (TSV), or
 * leading spaces are part of the data (Nix's indented strings, patches). There a spacing
 * edit can move a statement out of an `if`, so it is never skipped as whitespace-only.
 */
const SPACING_SENSITIVE_EXTENSIONS = new Set(
  (
    "py pyi pyw pyx pxd mojo gd star bzl " +
    "yaml yml " +
    "mk mak make " +
    "hs lhs fs fsi fsx nim nims coffee litcoffee elm idr lidr purs agda lagda lean scala sc " +
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
 * True when a spacing edit in this file may change what it does. A name without an
 * extension (`bin/deploy`, `Procfile`, `.bashrc`) counts too: it is often a script whose language only
 * its first line names, and that line is rarely in the diff.
 */
export function isSpacingSensitive(path: string): boolean {
  const name = fileName(path);
  if (SPACING_SENSITIVE_NAMES.has(name)) return true;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return true;
  return SPACING_SENSITIVE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
