/**
 * Is a text made of words? Names and placeholders are ("NonEmptyMaxLength1024String",
 * "s3BucketName", "test-token-123", "UpdateSSHPublicKeyRequest"); generated secrets are not,
 * however their letters happen to fall. The old test (words of 3 letters on average) let
 * through 1 random 32-character token in 40, which left that secret in the text. So each
 * piece is also judged as a word: long enough, with a vowel, spelled as a language spells,
 * and the letters together must be about as frequent as in English. A random text passes
 * all of that about once in 1,000 at 20 characters, once in 5,000 at 32.
 */

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
    "dt tz utc gmt ms ns mm hh dd yy yyyy").split(" "),
);

/** Letter pairs that next to no word of a Latin-script language holds. */
const RARE_PAIR = /q[^u]|j(?!son)[bcdfghjkmnpqstvwxz]|[bcdfghjkmnpqstvwxz]q/;

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
  return /[aeiouy]/.test(lower) && !/[^aeiouy]{5}/.test(lower) && !RARE_PAIR.test(lower);
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
 * Made of words (camelCase and acronyms too), maybe with short numbers between them and
 * other characters joining them: how people name things and type placeholders.
 */
export function isWordy(text: string): boolean {
  let letters = 0;
  let words = 0;
  let odd = 0;
  for (const run of text.split(/[^A-Za-z]+/)) {
    if (run === "") continue;
    letters += run.length;
    for (const m of run.matchAll(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g)) {
      words++;
      if (!isWordLike(m[0])) odd++;
    }
  }
  if (words === 0 || /\d{7}/.test(text)) return false;
  // Every piece must be such a word: a run of 1-2 letters among digits is not one.
  const digitRuns = text.match(/\d+/g)?.length ?? 0;
  return (
    letters / words >= 3 && digitRuns <= words && odd <= Math.floor(words / 4) && letterScore(text) >= MIN_LETTER_SCORE
  );
}
