import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets } from '../../../src/core/text/secrets.js';

describe('maskSecrets', () => {
  it.each([
    // connection strings, in code and in JSON, plain and quoted
    ['options.UseSqlServer("Server=db;Database=Ids;User Id=sa;Password=Pa55word!;");', `options.UseSqlServer("Server=db;Database=Ids;User Id=sa;Password=${MASK};");`],
    ['b.UseNpgsql("Host=db;Username=ids;Pwd=hunter2")', `b.UseNpgsql("Host=db;Username=ids;Pwd=${MASK}")`],
    ["\"Default\": \"Server=db;password='a;b=c';Database=Ids\"", `"Default": "Server=db;password=${MASK};Database=Ids"`],
    ['"Server=db;Password=\\"x;y\\";Database=Ids"', `"Server=db;Password=${MASK};Database=Ids"`],
    ['var cs = "Password = s3cret ; Server=db";', `var cs = "Password = ${MASK}; Server=db";`],
    // URLs
    ['"Redis": "redis://admin:topsecret@cache:6379/0"', `"Redis": "redis://admin:${MASK}@cache:6379/0"`],
    ['"Db": "postgres://ids:pw%40x@db/ids?sslmode=require"', `"Db": "postgres://ids:${MASK}@db/ids?sslmode=require"`],
    ['"https://idp/token?client_id=a&password=hunter2&x=1"', `"https://idp/token?client_id=a&password=${MASK}&x=1"`],
    // certificates
    ['var cert = new X509Certificate2("cert.pfx", "pfxpass");', `var cert = new X509Certificate2("cert.pfx", "${MASK}");`],
    ['new X509Certificate2(File.ReadAllBytes(path), "pfx;pass", X509KeyStorageFlags.MachineKeySet)', `new X509Certificate2(File.ReadAllBytes(path), "${MASK}", X509KeyStorageFlags.MachineKeySet)`],
    ['collection.Import("keys.pfx", @"p""w", flags);', `collection.Import("keys.pfx", "${MASK}", flags);`],
    // client secrets and secret-named values
    ['ClientSecrets = { new Secret("511536EF-F270-4058-80CA-1C89C192F69A".Sha256()) },', `ClientSecrets = { new Secret("${MASK}".Sha256()) },`],
    ['options.ClientSecret = "mvc-secret";', `options.ClientSecret = "${MASK}";`],
    ['"SigningKeyPassword": "k3y",', `"SigningKeyPassword": "${MASK}",`],
    ['"ApiSecret" : "abc"', `"ApiSecret" : "${MASK}"`],
  ])('%s', (line, masked) => {
    expect(maskSecrets(line)).toBe(masked);
  });

  it.each([
    'using IdentityServer4.Models;',
    'services.AddIdentityServer().AddDeveloperSigningCredential();',
    'var cert = new X509Certificate2(path, password);',
    'options.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(migrationsAssembly));',
    'new Secret(secretFromVault)',
    '"ConnectionStrings": { "Default": "Server=db;Database=Ids;Trusted_Connection=True" }',
    'https://localhost:5001/connect/token',
  ])('leaves %s alone', (line) => {
    expect(maskSecrets(line)).toBe(line);
  });

  it('keeps line breaks and masks each line', () => {
    expect(maskSecrets(' a\n-  new Secret("s".Sha256())\n+  new Secret("s".Sha256())\n')).toBe(` a\n-  new Secret("${MASK}".Sha256())\n+  new Secret("${MASK}".Sha256())\n`);
  });
});
