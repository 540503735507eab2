/** Names that code generators give their output; each with how it is shown to users. */
const GENERATED_NAMES: { test: RegExp; label: string }[] = [
  { test: /\.pb(?:\.gw)?\.(?:go|cc|h|c|swift|dart|rs)$/, label: "protobuf output" },
  { test: /_pb2(?:_grpc)?\.pyi?$/, label: "protobuf output" },
  { test: /_(?:grpc_)?pb\.(?:js|d\.ts)$/, label: "protobuf output" },
  { test: /\.generated\.[^/]+$/, label: "*.generated.*" },
  { test: /(?:^|\/)zz_generated\.[^/]+$/, label: "zz_generated.*" },
  { test: /\.(?:g|freezed)\.dart$/, label: "Dart build_runner output" },
  { test: /\.designer\.cs$/i, label: "*.Designer.cs" },
  { test: /(?:^|\/)__generated__\//, label: "under __generated__/" },
  { test: /(?:^|\/)\.pnp\.(?:c?js|loader\.mjs)$/, label: "Yarn Plug'n'Play loader" },
];

/** How a path's name shows it is generated (`name: protobuf output`), or null. */
export function generatedName(path: string): string | null {
  const rule = GENERATED_NAMES.find((entry) => entry.test.test(path));
  return rule ? `name: ${rule.label}` : null;
}
