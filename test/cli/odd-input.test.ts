import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MASK } from '../../src/core/text/secrets.js';
import { removeDir, runCli, snapshotTree, tempDir } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const CSPROJ = (version = '4.1.2') =>
  `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="${version}" />\n  </ItemGroup>\n</Project>\n`;

function tree(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const [rel, body] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, body);
  }
  return dir;
}

const SKIP = ['--skip', 'database,signing-keys,verify'];
const MODES = [['--plan'], ['--plan', '--json'], ['--dry-run'], ['--yes', ...SKIP]];

describe('files left alone are named in every mode', () => {
  it.each(MODES)('%s names a .cs file with a NUL byte and one too large to read', async (...mode) => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
    big.write('using IdentityServer4;\n', big.length - 40);
    const dir = tree({
      'App.csproj': CSPROJ(),
      'Startup.cs': 'using IdentityServer4;\nclass Startup { }\n',
      'Nul.cs': Buffer.concat([Buffer.from('using IdentityServer4.Models;\nclass A { }\n'), Buffer.from([0]), Buffer.from('\n')]),
      'Generated.cs': big,
    });
    const r = await runCli([dir, ...mode]);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/Nul\.cs: .*(binary|NUL)/i);
    expect(out).toMatch(/Generated\.cs: left alone: it is 17\.0 MB, and files above 16 MB are not read, although it mentions IdentityServer4/);
    if (mode[0] === '--yes') {
      expect(readFileSync(path.join(dir, 'Startup.cs'), 'utf8')).toContain('Duende.IdentityServer');
      expect(readFileSync(path.join(dir, 'Generated.cs')).equals(big)).toBe(true);
    }
  });
});

describe('an MSBuild property that cannot be resolved', () => {
  it.each([['--plan'], ['--dry-run'], ['--yes', ...SKIP]])('is never taken as a version: %s exits 2 naming file and line, nothing written', async (...mode) => {
    const dir = tree({ 'App.csproj': CSPROJ('$(IsVersion)'), 'Startup.cs': 'using IdentityServer4;\n' });
    const before = snapshotTree(dir, () => false);
    const r = await runCli([dir, ...mode]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('App.csproj:3: the IdentityServer4 version "$(IsVersion)" uses an MSBuild property that is not defined in any file this tool reads');
    expect(snapshotTree(dir, () => false)).toEqual(before);
  });
});

describe('control characters in file names', () => {
  it('are escaped in human-readable output, and the file is still upgraded', async () => {
    const dir = tree({ 'App.csproj': CSPROJ(), 'Odd\nName\x1b[31m.cs': 'using IdentityServer4;\nclass Odd { }\n' });
    for (const mode of [['--plan'], ['--dry-run'], ['--yes', ...SKIP]]) {
      const r = await runCli([dir, ...mode]);
      expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('Odd\\nName\\x1b[31m.cs');
      expect(r.stdout).not.toContain('\x1b');
      expect(r.stdout.split('\n').some((l) => l.startsWith('Name'))).toBe(false);
    }
    expect(readFileSync(path.join(dir, 'Odd\nName\x1b[31m.cs'), 'utf8')).toBe('using Duende.IdentityServer;\nclass Odd { }\n');
  });
});

describe('secrets', () => {
  const STARTUP = [
    'using IdentityServer4;',
    'public class Startup',
    '{',
    // within three lines of the namespace change: a context line of its diff
    '    static readonly X509Certificate2 Cert = new X509Certificate2("cert.pfx", "pfxpass");',
    '    public void ConfigureServices(IServiceCollection services)',
    '    {',
    '        var cert = Cert;',
    '        services.AddIdentityServer()',
    '            .AddSigningCredential(cert)',
    '            .AddInMemoryClients(new[] { new Client { ClientId = "m", ClientSecrets = { new Secret("cl1ent-s3cret".Sha256()) } } })',
    '            .AddConfigurationStore(options => options.ConfigureDbContext = b => b.UseSqlServer("Server=db;Database=Ids;User Id=sa;Password=Pa55word!;"))',
    '            .AddOperationalStore(options => options.ConfigureDbContext = b => b.UseSqlServer("Server=db;Database=Ids;User Id=sa;Pwd=\'p;w\'"));',
    '    }',
    '}',
    '',
  ].join('\n');
  const SECRETS = ['pfxpass', 'cl1ent-s3cret', 'Pa55word!', "'p;w'"];

  it.each(MODES)('are masked in %s output (evidence, diff context), and the masked lines say so', async (...mode) => {
    const dir = tree({
      'App.csproj': CSPROJ().replace('</ItemGroup>', '  <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.2" />\n  </ItemGroup>'),
      'Startup.cs': STARTUP,
    });
    const r = await runCli([dir, ...mode]);
    expect(r.code, r.stderr).toBe(0);
    for (const s of SECRETS) {
      expect(r.stdout).not.toContain(s);
      expect(r.stderr).not.toContain(s);
    }
    if (mode[0] !== '--yes') expect(r.stdout).toContain(MASK);
    if (mode[0] === '--yes') {
      // the file itself keeps every byte that need not change
      expect(readFileSync(path.join(dir, 'Startup.cs'), 'utf8')).toBe(STARTUP.replace('using IdentityServer4;', 'using Duende.IdentityServer;'));
      for (const f of Object.keys(Object.fromEntries(snapshotTree(dir, (rel) => !rel.startsWith('.duende-upgrade') || rel.includes('/backup/'))))) {
        const text = readFileSync(path.join(dir, f), 'utf8');
        for (const s of SECRETS) expect(text, f).not.toContain(s);
      }
    }
  });
});
