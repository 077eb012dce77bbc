/**
 * Which AddSigningCredential overload a call uses, told from its arguments as
 * written (no compiler here). It decides whether renaming the call to
 * AddValidationKey keeps the code compiling: Duende IdentityServer 5 has
 * AddValidationKey overloads for a certificate, a certificate in the store by
 * name or thumbprint, an RsaSecurityKey and an ECDsaSecurityKey with the enum
 * algorithm, but none for SigningCredentials or a SecurityKey with a string
 * algorithm (a JsonWebKey), which need a SecurityKeyInfo instead.
 */
export type KeyOverload = 'certificate' | 'store' | 'rsa' | 'ecdsa' | 'security-key' | 'credentials' | 'unknown';

export interface KeySource {
  overload: KeyOverload;
  /** Where the key comes from, for evidence and the report: "certificate from the store by thumbprint". */
  description: string;
  /** Offsets of the argument list's parentheses in the text. */
  open: number;
  close: number;
  /** The arguments as written, split at top-level commas (trimmed). */
  args: string[];
}

const WS = /[ \t\r\n\f\v]/;

function matching(m: string, open: number): number {
  let depth = 0;
  for (let j = open; j < m.length; j++) {
    const c = m[j];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && --depth === 0) return c === ')' ? j : -1;
  }
  return -1;
}

/** Split [from, to) of the mask at top-level commas; returns [start, end) spans. */
function splitArgs(m: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let j = from; j < to; j++) {
    const c = m[j];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || c === '>') depth = Math.max(depth - 1, 0);
    else if (c === ',' && depth === 0) {
      out.push([start, j]);
      start = j + 1;
    }
  }
  if (m.slice(start, to).trim() || out.length) out.push([start, to]);
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The declared type of an identifier, from a declaration in the same file (local, field, parameter, method). */
function declaredType(mask: string, name: string): string | undefined {
  const n = escape(name);
  const typed = new RegExp(`\\b(X509Certificate2|RsaSecurityKey|ECDsaSecurityKey|JsonWebKey|SigningCredentials|X509SecurityKey|SecurityKey)\\s*\\??\\s+${n}\\s*[=;,)(]`).exec(mask);
  if (typed) return typed[1];
  const inferred = new RegExp(`\\bvar\\s+${n}\\s*=\\s*([^;]*);`).exec(mask);
  if (inferred) return typeOfExpression(inferred[1]!, mask, 0);
  return undefined;
}

/** The key type an expression makes, as far as the text shows; 'store' for a lookup in the certificate store. */
function typeOfExpression(expr: string, mask: string, depth: number): string | undefined {
  const e = expr.trim();
  const created = /^new\s+(?:[\w.]+\.)?(X509Certificate2|RsaSecurityKey|ECDsaSecurityKey|JsonWebKey|SigningCredentials|X509SecurityKey)\b/.exec(e);
  if (created) return created[1];
  if (/^(?:[\w.]+\.)?X509Certificate2\s*\.\s*CreateFrom\w*\s*\(/.test(e) || /^(?:[\w.]+\.)?X509CertificateLoader\s*\.\s*Load\w*\s*\(/.test(e)) return 'X509Certificate2';
  if (/\bCertificates\s*\.\s*Find\s*\(/.test(e) || /\bX509FindType\b/.test(e)) return 'X509Certificate2';
  if (/^(?:[\w.]+\.)?JsonWebKey\s*\.\s*Create\s*\(/.test(e) || /JsonWebKeyConverter\s*\.\s*ConvertFrom/.test(e)) return 'JsonWebKey';
  if (depth > 2) return undefined;
  // a bare name, a cast, or a call of a method declared in the same file
  const cast = /^\(\s*(X509Certificate2|RsaSecurityKey|ECDsaSecurityKey|JsonWebKey|SigningCredentials|SecurityKey)\s*\)/.exec(e);
  if (cast) return cast[1];
  const name = /^(?:this\s*\.\s*)?([A-Za-z_]\w*)\s*(\(|$)/.exec(e);
  if (name) return declaredType(mask, name[1]!);
  return undefined;
}

/**
 * The call to AddSigningCredential at `at` (the method name's offset in the mask):
 * its arguments and the overload they select. `text` is the original, for
 * reading string literals (blanked in the mask) when naming the key source.
 */
export function keySource(mask: string, text: string, at: number, name = 'AddSigningCredential'): KeySource | undefined {
  let open = at + name.length;
  while (open < mask.length && WS.test(mask[open]!)) open++;
  if (mask[open] !== '(') return undefined;
  const close = matching(mask, open);
  if (close === -1) return undefined;
  const spans = splitArgs(mask, open + 1, close);
  const args = spans.map(([a, b]) => text.slice(a, b).trim());
  const masked = spans.map(([a, b]) => mask.slice(a, b).trim().replace(/^\w+\s*:\s*(?!:)/, ''));
  const all = text.slice(open + 1, close);
  const fromConfig = /\b(?:Configuration|configuration|config|GetSection|GetValue)\b|\[\s*"[^"]*"\s*\]/.test(all) ? ' (settings from configuration)' : '';
  const out = (overload: KeyOverload, description: string): KeySource => ({ overload, description: description + fromConfig, open, close, args });
  const first = masked[0] ?? '';
  const firstText = args[0] ?? '';
  if (/^@?"|^\$"/.test(firstText.replace(/^\w+\s*:\s*/, '')) || masked.slice(1).some((a) => /\b(StoreLocation|NameType)\b/.test(a))) {
    const byThumb = /\bNameType\s*\.\s*Thumbprint\b/.test(all);
    return out('store', `certificate from the store${byThumb ? ' by thumbprint' : ' by subject name'}`);
  }
  const type = typeOfExpression(first, mask, 0);
  const second = masked[1];
  switch (type) {
    case 'X509Certificate2': {
      // descriptive only: a certificate made in the call itself is loaded there (from a file or bytes);
      // one passed in through a name is looked up in the store when the file does that anywhere
      const inCall = /^new\s+(?:[\w.]+\.)?X509Certificate2\b|^(?:[\w.]+\.)?X509Certificate2\s*\.\s*CreateFrom|^(?:[\w.]+\.)?X509CertificateLoader\s*\.\s*Load/.test(first);
      const store = !inCall && /\bCertificates\s*\.\s*Find\b|\bX509Store\b/.test(mask);
      const thumb = store && /FindByThumbprint|Thumbprint/.test(mask);
      return out('certificate', store ? `certificate from the store${thumb ? ' by thumbprint' : ''}` : 'certificate from a file');
    }
    case 'RsaSecurityKey':
      return out(second === undefined || /\bRsaSigningAlgorithm\b/.test(second) ? 'rsa' : 'security-key', 'RSA key');
    case 'ECDsaSecurityKey':
      return out(second === undefined || /\bECDsaSigningAlgorithm\b/.test(second) ? 'ecdsa' : 'security-key', 'ECDsa key');
    case 'JsonWebKey':
      return out('security-key', 'JSON web key (JWK)');
    case 'X509SecurityKey':
    case 'SecurityKey':
      return out('security-key', 'security key');
    case 'SigningCredentials':
      return out('credentials', 'signing credentials');
  }
  return out('unknown', fromConfig ? 'key loaded from configuration' : 'key source not recognised');
}
