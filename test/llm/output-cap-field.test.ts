import { describe, expect, it } from "vitest";
import { outputCapField } from "../../src/llm/output-cap-field.js";

describe("outputCapField", () => {
  it.each(["o1", "o1-mini", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5.1", "openai/o3-mini", "openai/gpt-5-nano", "O3"])(
    "%s is an OpenAI reasoning model: max_completion_tokens",
    (model) => expect(outputCapField(model)).toBe("max_completion_tokens"),
  );

  it.each(["gpt-4o-mini", "gpt-4.1", "@cf/meta/llama-3.1-8b-instruct", "@cf/openai/gpt-oss-120b", "workers-ai/@cf/qwen/qwq-32b", "olmo-2", "omni-7b", "qwen2.5-coder:14b", "anthropic/claude-sonnet-4-5"])(
    "%s keeps max_tokens",
    (model) => expect(outputCapField(model)).toBe("max_tokens"),
  );

  it("a forced field wins over the name", () => {
    expect(outputCapField("gpt-4o-mini", "max_completion_tokens")).toBe("max_completion_tokens");
    expect(outputCapField("o3", "max_tokens")).toBe("max_tokens");
  });
});
