import type { RenderedFile, RenderedPiece } from "./render-file.js";

/**
 * Packs rendered files into model requests ("chunks") under a per-request token budget,
 * first fit in diff order, so the same input always gives the same plan. Small files share
 * a chunk; a file too big for one chunk is cut between pieces (hunks, or parts of a hunk)
 * and its heading repeated in each chunk. A whole-review budget caps the total: the first
 * file that does not fit it, and every file after it, is listed as not reviewed.
 */

export interface ChunkFile {
  path: string;
  /** 1-based part of a file cut across chunks; `parts` is how many it has. */
  part: number;
  parts: number;
  /** New-file line ranges shown in this chunk. */
  ranges: Array<{ start: number; end: number }>;
}

export interface Chunk {
  index: number;
  tokens: number;
  files: ChunkFile[];
  text: string;
}

export interface NotReviewed {
  path: string;
  reason: "review-budget" | "line-too-long";
  detail: string;
}

export interface Packer {
  /** Adds a file; false when the review budget is spent, so the caller can stop preparing files. */
  add(file: RenderedFile): boolean;
  /** Lists a file that was not even rendered because the review budget is spent. */
  skip(path: string): void;
  finish(): { chunks: Chunk[]; notReviewed: NotReviewed[]; tokens: number };
}

export function createPacker(budget: { request: number; review: number }): Packer {
  const chunks: Chunk[] = [];
  const notReviewed: NotReviewed[] = [];
  let open: { tokens: number; files: ChunkFile[]; texts: string[] } | null = null;
  let used = 0;
  let spent = false;

  const flush = () => {
    if (open && open.files.length > 0) {
      chunks.push({ index: chunks.length + 1, tokens: open.tokens, files: open.files, text: open.texts.join("") });
    }
    open = null;
  };
  const room = () => (open ? budget.request - open.tokens : 0);
  const start = () => {
    flush();
    open = { tokens: 0, files: [], texts: [] };
  };
  const place = (file: RenderedFile, pieces: RenderedPiece[], part: number, tokens: number) => {
    if (!open) start();
    open!.files.push({ path: file.path, part, parts: 1, ranges: pieces.flatMap((p) => (p.newRange ? [p.newRange] : [])) });
    open!.texts.push(file.header, ...pieces.map((p) => p.text));
    open!.tokens += tokens;
  };
  const budgetSpent = (path: string) => {
    spent = true;
    notReviewed.push({
      path,
      reason: "review-budget",
      detail: `not reviewed: the review's token budget (${budget.review}) was used up before this file; raise review_token_budget or narrow include/exclude`,
    });
  };

  return {
    add(file) {
      if (spent) {
        budgetSpent(file.path);
        return false;
      }
      const tooLong = file.pieces.find((p) => p.tokens + file.headerTokens > budget.request);
      if (tooLong) {
        notReviewed.push({
          path: file.path,
          reason: "line-too-long",
          detail: `not reviewed: one line is ${tooLong.tokens} tokens, more than a request holds (${budget.request})`,
        });
        return true;
      }
      if (used + file.tokens > budget.review) {
        budgetSpent(file.path);
        return false;
      }
      used += file.tokens;
      if (file.tokens <= budget.request) {
        if (file.tokens > room()) start();
        place(file, file.pieces, 1, file.tokens);
        return true;
      }
      // Too big for one request: each part gets its own chunk, its heading repeated.
      const parts: ChunkFile[] = [];
      let batch: RenderedPiece[] = [];
      let batchTokens = file.headerTokens;
      const emit = () => {
        start();
        place(file, batch, parts.length + 1, batchTokens);
        parts.push(open!.files[open!.files.length - 1]!);
        used += parts.length > 1 ? file.headerTokens : 0;
        batch = [];
        batchTokens = file.headerTokens;
      };
      for (const piece of file.pieces) {
        if (batch.length > 0 && batchTokens + piece.tokens > budget.request) emit();
        batch.push(piece);
        batchTokens += piece.tokens;
      }
      if (batch.length > 0) emit();
      for (const part of parts) part.parts = parts.length;
      return true;
    },
    skip(path) {
      budgetSpent(path);
    },
    finish() {
      flush();
      return { chunks, notReviewed, tokens: chunks.reduce((sum, c) => sum + c.tokens, 0) };
    },
  };
}
