import { describe, expect, it } from "vitest";
import { reply, startModelServer } from "../support/model-server.js";

describe("model server (test support)", () => {
  it("close() ends requests that hang, so a test never waits on the server", async () => {
    let arrive = () => {};
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const server = await startModelServer(() => {
      arrive();
      return reply.hang();
    });
    const pending = fetch(`${server.baseURL}/chat/completions`, { method: "POST", body: JSON.stringify({ messages: [] }) });
    await arrived;

    await server.close();

    await expect(pending).rejects.toThrow();
    expect(server.requests[0]?.answeredAt).toBeUndefined();
  });

  it("answers from the queue first, then the handler, and fails loudly when unscripted", async () => {
    const server = await startModelServer({
      replies: [reply.json({ n: 1 })],
      handler: (request) => (request.index === 1 ? reply.json({ n: 2 }) : undefined),
    });
    try {
      const ask = () =>
        fetch(`${server.baseURL}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [] }) });
      const first = (await (await ask()).json()) as { choices: { message: { content: string } }[]; usage: object };
      const second = (await (await ask()).json()) as { choices: { message: { content: string } }[] };
      const third = await ask();
      expect(first.choices[0]?.message.content).toBe('{"n":1}');
      expect(first.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: 2 });
      expect(second.choices[0]?.message.content).toBe('{"n":2}');
      expect(third.status).toBe(500);
      expect(await third.text()).toMatch(/no reply scripted for request 2/);
    } finally {
      await server.close();
    }
  });
});
