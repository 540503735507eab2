/** How JSON answers are asked for (config `response_format`); gateways and local servers differ. */
export type ResponseFormatMode = "json_schema" | "json_object" | "none";

export const RESPONSE_FORMAT_MODES = ["json_schema", "json_object", "none"] as const satisfies readonly ResponseFormatMode[];

/**
 * The one default, for the config and for ModelClient alike: `json_object` is what nearly
 * every OpenAI-compatible server accepts (OpenAI, Cloudflare's /compat, Workers AI, Ollama,
 * vLLM, llama.cpp), where `json_schema` is refused by several; the prompt gives the shape
 * and zod checks it either way.
 */
export const DEFAULT_RESPONSE_FORMAT: ResponseFormatMode = "json_object";
