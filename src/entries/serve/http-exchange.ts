/**
 * Reading a webhook request and answering it, the same for GitHub and GitLab: a body read
 * up to a size limit (the rest is never buffered), JSON answers, and refusals that close the
 * connection instead of reading what is left of the body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** GitHub caps webhook payloads at 25 MB; GitLab's are smaller. One limit for both. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * The body as text, or null once it passes the size limit: reading stops there (the
 * request is paused, not drained), and the caller answers and closes the connection.
 */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: string | null) => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        chunks.length = 0;
        done(null);
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks).toString("utf8"));
    const onError = (error: Error) => {
      req.off("data", onData).off("end", onEnd);
      reject(error);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/** A Content-Length already over the limit: refused before any of the body is read. */
export function announcedTooLarge(req: IncomingMessage): boolean {
  return Number(header(req, "content-length") ?? "0") > MAX_BODY_BYTES;
}

/**
 * Answers a request whose body is left unread, and closes its connection once the answer
 * is out: keeping it open would mean reading (or waiting for) the rest of the body.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: object): void {
  res.once("finish", () => req.socket.destroySoon());
  answer(res, status, body, { connection: "close" });
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(`${JSON.stringify(body)}\n`);
}
