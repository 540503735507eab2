/**
 * Is a text made of words? Names and placeholders are ("NonEmptyMaxLength1024String",
 * "s3BucketName", "test-token-123", "UpdateSSHPublicKeyRequest"); generated secrets are not,
 * however their letters happen to fall. The old test (words of 3 letters on average) let
 * through 1 random 32-character token in 40, which left that secret in the text. So each
 * piece is also judged as a word: long enough, with a vowel, spelled as a language spells,
 * and the letters together must be about as frequent as in English. A random text passes
 * all of that about once in 1,000 at 20 characters, once in 5,000 at 32.
 */

/** Hex digits only (either case), letters and digits both: a digest, an id or a key. */
export const isHex = (text: string) => /^(?:[0-9a-f]+|[0-9A-F]+)$/.test(text) && /\d/.test(text) && /[a-fA-F]/.test(text);

/** Words of one or two letters that names use; any other such piece is a random run. */
const SHORT_WORDS = new Set([
  "a", "i", "s", "v", "x", "n", "my", "id", "db", "io", "to", "of", "on", "in", "is", "at", "by", "no", "ok",
  "up", "or", "an", "as", "if", "it", "me", "we", "go", "do", "ui", "os", "ip", "de", "se", "js", "ts", "el",
  "fn", "re", "es", "tz", "dt", "ms", "ns", "mm", "hh", "dd", "yy", "md", "cb", "bg", "vm",
]);

/** Abbreviations that code spells without a vowel. */
const ABBREVIATIONS = new Set(
  ("sdk rpc grpc http https ctx cfg msg src dst pkg tmp jwt xhr npm btn str num len px dns tls ssl crl csr " +
    "cmd pwd txt xml html css svg png jpg gz tgz std pkcs smtp ftp sftp ssh tcp udp www sms kms rds sqs sns " +
    "ecs eks ddb nth bg rgb hsl sql csv mvc rst md cwd cb ctrl mgr svc srv lst vm dll sys pct qty nbr hdr " +
    "dt tz utc gmt ms ns mm hh dd yy yyyy gzip zlib").split(" "),
);

/** Letter pairs that next to no word of a Latin-script language holds. */
const RARE_PAIR = /q[^u]|j(?!son)[bcdfghjkmnpqstvwxz]|[bcdfghjkmnpqstvwxz]q/;

/**
 * Letter pairs that English hardly spells: found in at most 12 of 20,000 distinct words of
 * English prose (the READMEs of npm packages, Python's documentation and docstrings), and in
 * at most 3 of the words TypeScript declarations name things with. A random run of letters
 * has such a pair every few letters, a word almost never; this one test took the share of
 * random 32-character tokens that pass for words from 1 in 5,000 to 1 in 17,000, and made
 * 5 of 70,000 names and strings of real code (a handle, `x-amz-...` headers) read as random.
 */
const RARE_PAIRS = new Set(
  (
    "aq bq bv bw bx bz cj cx cz dz fh fj fk fq fv fw fx fz gj gk gq gw gx gz hg hh hj hk hq hv hw hx " +
    "hz ih iw iy jb jg jh jj jl jm jn jq jr jt jv jw jx jy jz kj kk kq kv kx kz lj lq lw lz mh mq mw " +
    "mx mz nx oq pj pq px pz qa qb qc qd qe qf qg qh qi qj qk qm qn qo qp qq qr qv qw qx qy qz rj rq " +
    "rx rz sj sz tq uh uj uq uv uw uy uz vd vh vj vk vl vq vv vw vx vy vz wb wf wg wj wk wm wq wv ww " +
    "wx wy wz xg xj xk xn xq xr xu xv xw xz yh yj yk yq yu yv yx yy zb zc zd zf zg zh zj zk zl zm zn " +
    "zp zq zr zs zt zu zv zw zx zy zz"
  ).split(" "),
);

const hasRarePair = (word: string) => {
  for (let i = 0; i + 1 < word.length; i++) if (RARE_PAIRS.has(word.slice(i, i + 2))) return true;
  return false;
};

/** How much likelier each letter is in English text than in random letters, in bits (capped). */
const LETTER_FREQUENCY: Record<string, number> = {
  e: 12.7, t: 9.1, a: 8.2, o: 7.5, i: 7.0, n: 6.7, s: 6.3, h: 6.1, r: 6.0, d: 4.3, l: 4.0, c: 2.8, u: 2.8,
  m: 2.4, w: 2.4, f: 2.2, g: 2.0, y: 2.0, p: 1.9, b: 1.5, v: 1.0, k: 0.8, j: 0.15, x: 0.15, q: 0.1, z: 0.07,
};
const LETTER_SCORE = new Map(
  Object.entries(LETTER_FREQUENCY).map(([c, percent]) => [c, Math.max(-3, Math.log2((percent / 100) * 26))]),
);
/** Random letters average -0.9 bits, English words +0.5; names of code sit well above this. */
const MIN_LETTER_SCORE = -0.4;

function isWordLike(word: string): boolean {
  const lower = word.toLowerCase();
  if (lower.length <= 2) return SHORT_WORDS.has(lower);
  if (ABBREVIATIONS.has(lower)) return true;
  // Acronyms: "AWS", "SSH".
  if (lower.length === 3 && word !== lower && word === word.toUpperCase()) return true;
  return /[aeiouy]/.test(lower) && !/[^aeiouy]{5}/.test(lower) && !RARE_PAIR.test(lower) && !hasRarePair(lower);
}

function letterScore(text: string): number {
  let sum = 0;
  let letters = 0;
  for (const c of text.toLowerCase()) {
    const score = LETTER_SCORE.get(c);
    if (score === undefined) continue;
    sum += score;
    letters++;
  }
  return letters ? sum / letters : -Infinity;
}

/**
 * A capital alone before a capitalized word ("NNtu" read as "N", "Ntu"): how the case of
 * random letters falls, not how names are written, whose acronyms take more letters.
 */
const isLoneCapital = (run: string, piece: string, at: number) =>
  piece.length === 1 && piece !== piece.toLowerCase() && /^[A-Z][a-z]/.test(run.slice(at + 1, at + 3));

/**
 * Made of words (camelCase and acronyms too), maybe with short numbers between them and
 * other characters joining them: how people name things and type placeholders.
 */
export function isWordy(text: string): boolean {
  // A hex digest or key spells "bad", "cafe" and "face" by chance; no name is hex digits.
  if (text.length >= 16 && isHex(text)) return false;
  let letters = 0;
  let words = 0;
  let odd = 0;
  for (const run of text.split(/[^A-Za-z]+/)) {
    if (run === "") continue;
    letters += run.length;
    for (const m of run.matchAll(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g)) {
      words++;
      if (!isWordLike(m[0]) || isLoneCapital(run, m[0], m.index)) odd++;
    }
  }
  if (words === 0 || /\d{7}/.test(text)) return false;
  // Every piece must be such a word: a run of 1-2 letters among digits is not one.
  const digitRuns = text.match(/\d+/g)?.length ?? 0;
  return (
    letters / words >= 3 && digitRuns <= words && odd <= Math.floor(words / 4) && letterScore(text) >= MIN_LETTER_SCORE
  );
}
