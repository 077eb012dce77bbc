/**
 * Secrets never leave through our output: evidence, diffs (context lines too),
 * warnings, error messages, logs, the report and the JSON plan all pass through
 * maskSecrets. A masked value reads MASK, which also marks the line as masked.
 *
 * What counts as a secret here, by the shape it is written in:
 * - a connection string's Password= / Pwd= value, also quoted ('a;b', "a;b", \"a;b\");
 * - the password of a URL (scheme://user:password@host) and ?password= / &pwd= query values;
 * - the password passed to new X509Certificate2(…) or X509Certificate2(…).Import(…) as a literal;
 * - client secrets in code: new Secret("…"), "…".Sha256() / .Sha512();
 * - a string literal assigned to a name holding password, secret or apikey, in code
 *   (ClientSecret = "…") and in JSON configuration ("SigningKeyPassword": "…").
 * Masking shows less than is there, never more: a false hit only hides a value.
 */

export const MASK = '‹masked›';

const LIT = String.raw`"(?:[^"\\\r\n]|\\.)*"`;
const VERBATIM = String.raw`@"(?:[^"]|"")*"`;
const QUOTED_LITERAL = `(?:${VERBATIM}|${LIT})`;

/** Cheap test first: most lines hold none of these words. */
const MAYBE = /pass|pwd|secret|apikey|api_key|x509|sha256|sha512|:\/\/|\.import\s*\(/i;

const RULES: [RegExp, (...m: string[]) => string][] = [
  // connection strings: the key after ; or a quote (or at the start), its value up to ; or the closing quote
  [
    /((?:^|[;"'`])\s*(?:password|pwd|passwd)\s*=\s*)(\\"(?:[^"\\]|\\(?!"))*\\"|'[^'\r\n]*'|"[^"\r\n]*"(?=\s*[;"]|\s*$)|[^;"'`\r\n]+)/gim,
    (_a, key) => `${key}${MASK}`,
  ],
  // URL user information
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s"'`;]+:)([^@/\s"'`]+)(@)/gi, (_a, head, _p, at) => `${head}${MASK}${at}`],
  // query string values
  [/([?&](?:password|pwd|passwd|client_secret|secret|apikey|api_key)=)([^&#\s"'`]+)/gi, (_a, key) => `${key}${MASK}`],
  // new X509Certificate2(file, "password", …) and .Import(file, "password", …): every literal after the first argument
  [
    new RegExp(String.raw`(\b(?:X509Certificate2|Import)\s*\((?:[^,()"]|${QUOTED_LITERAL}|\([^()]*\))*,)((?:${QUOTED_LITERAL}|[^"@)\r\n]|@(?!"))*)`, 'g'),
    (_a, head, rest) => `${head}${rest.replace(new RegExp(QUOTED_LITERAL, 'g'), `"${MASK}"`)}`,
  ],
  // client secrets: new Secret("…"), "…".Sha256()
  [new RegExp(String.raw`(\bnew\s+Secret\s*\(\s*)${QUOTED_LITERAL}`, 'g'), (_a, head) => `${head}"${MASK}"`],
  [new RegExp(String.raw`${QUOTED_LITERAL}(\s*\.\s*Sha(?:256|512)\s*\()`, 'g'), (_a, tail) => `"${MASK}"${tail}`],
  // a literal given to a name that says password or secret, in code or JSON
  [
    new RegExp(String.raw`(\b\w*(?:password|passwd|pwd|secret|apikey|api_key)\w*"?\s*[:=]\s*)${QUOTED_LITERAL}`, 'gi'),
    (_a, head) => `${head}"${MASK}"`,
  ],
];

/** The text with every secret it holds replaced by MASK; line breaks and everything else kept. */
export function maskSecrets(text: string): string {
  if (!MAYBE.test(text)) return text;
  let out = text;
  for (const [re, replace] of RULES) out = out.replace(re, replace as (substring: string, ...args: string[]) => string);
  return out;
}
