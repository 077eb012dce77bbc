import { describe, expect, it } from 'vitest';
import { lexSource } from '../../../src/core/lang/index.js';
import { keySource } from '../../../src/core/scan/key-source.js';

/**
 * Found on a real public IdentityServer4 admin solution: one helper loads the
 * signing certificate from the store by thumbprint in one branch and from a PFX
 * file in another; the PFX call was described as "from the store by thumbprint".
 */
function describeCall(text: string, nth: number): string | undefined {
  const { mask } = lexSource('Helpers.cs', text)!;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = mask.indexOf('AddSigningCredential', at + 1);
  return keySource(mask, text, at)?.description;
}

const HELPER = (fileCall: string) =>
  'public static class Keys\n{\n    public static void Add(IIdentityServerBuilder builder, Settings s)\n    {\n        if (s.UseStore)\n        {\n            using var store = new X509Store(StoreName.My, StoreLocation.LocalMachine);\n            store.Open(OpenFlags.ReadOnly);\n            var certificate = store.Certificates.Find(X509FindType.FindByThumbprint, s.Thumbprint, true)[0];\n            builder.AddSigningCredential(certificate);\n        }\n        else\n        {\n            ' +
  fileCall +
  '\n        }\n    }\n}\n';

describe('key source of a certificate made in the call, next to a store lookup in the same file', () => {
  const calls: [string, string][] = [
    ['new X509Certificate2(path, password)', 'builder.AddSigningCredential(new X509Certificate2(s.PfxPath, s.PfxPassword));'],
    ['a qualified constructor', 'builder.AddSigningCredential(new System.Security.Cryptography.X509Certificates.X509Certificate2(s.PfxPath));'],
    ['X509Certificate2.CreateFromPemFile', 'builder.AddSigningCredential(X509Certificate2.CreateFromPemFile(s.Cert, s.Key));'],
    ['X509CertificateLoader.LoadPkcs12FromFile', 'builder.AddSigningCredential(X509CertificateLoader.LoadPkcs12FromFile(s.PfxPath, s.PfxPassword));'],
  ];
  for (const [name, call] of calls) {
    it(`${name}: from a file, while the certificate found in the store stays "from the store by thumbprint"`, () => {
      const text = HELPER(call);
      expect(describeCall(text, 0)).toBe('certificate from the store by thumbprint');
      expect(describeCall(text, 1)).toBe('certificate from a file');
    });
  }
});
