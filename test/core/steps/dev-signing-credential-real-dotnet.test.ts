/**
 * "Always valid C#", checked by the real compiler: a class library holding every
 * removal case compiles before and after the removal. The IdentityServer builder
 * API is a stand-in declared in the project itself (StandIn namespace), so no
 * package feed is needed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { planRemoval } from '../../../src/core/steps/dev-signing-credential.js';
import { applySplices } from '../../../src/core/text/edit.js';
import { removeDir, tempDir } from '../../helpers/cli.js';

const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', MSBUILDDISABLENODEREUSE: '1', DOTNET_CLI_USE_MSBUILD_SERVER: '0' };
const hasDotnet = (() => {
  try {
    return spawnSync('dotnet', ['--version'], { env, stdio: 'ignore', timeout: 60_000 }).status === 0;
  } catch {
    return false;
  }
})();
if (!hasDotnet) console.warn('SKIPPED: dev-signing-credential real dotnet test: `dotnet` is not on PATH');

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const STAND_IN = `namespace StandIn
{
    public interface IServiceCollection { }
    public interface IIdentityServerBuilder { IServiceCollection Services { get; } }
    public class Client { }
    public class Options { public bool RaiseErrorEvents; }
    public static class StandInBuilderExtensions
    {
        public static IIdentityServerBuilder AddIdentityServer(this IServiceCollection s) => null;
        public static IIdentityServerBuilder AddIdentityServer(this IServiceCollection s, System.Action<Options> o) => null;
        public static IIdentityServerBuilder AddDeveloperSigningCredential(this IIdentityServerBuilder b, bool persistKey = true, string filename = null, string signingAlgorithm = "RS256") => b;
        public static IIdentityServerBuilder AddInMemoryClients(this IIdentityServerBuilder b, Client[] c) => b;
        public static IIdentityServerBuilder AddTestUsers(this IIdentityServerBuilder b, object u) => b;
        public static IIdentityServerBuilder AddSigningCredential(this IIdentityServerBuilder b, object c) => b;
    }
}
`;

const CASES = `using StandIn;

public class Cases
{
    IServiceCollection services;
    IIdentityServerBuilder builder;
    bool dev;
    void Other() { }
    void Configure(System.Func<IIdentityServerBuilder, IIdentityServerBuilder> f) { }

    void SwitchSection(int mode)
    {
        switch (mode)
        {
            case 1:
                builder.AddDeveloperSigningCredential(false);
                break;
            case 2: builder.AddDeveloperSigningCredential(); break;
            default: builder.AddSigningCredential(null); break;
        }
    }

    void Statement()
    {
        var b = services.AddIdentityServer();

        // not recommended for production
        b.AddDeveloperSigningCredential();
        b.AddTestUsers(null);
    }

    void Arguments()
    {
        builder.AddDeveloperSigningCredential(
            persistKey: dev && (1 > 0),
            filename: System.IO.Path.Combine("a", "key(1).jwk"),
            signingAlgorithm: "RS256");
        Other();
    }

    void InlineBraces() { if (dev) { builder.AddDeveloperSigningCredential(); } }

    void OnlyStatement() { builder.AddDeveloperSigningCredential(); }

    void MiddleOwnLine()
    {
        services.AddIdentityServer()
            .AddDeveloperSigningCredential()
            .AddInMemoryClients(new Client[0]);
    }

    void MiddleInline() { services.AddIdentityServer().AddDeveloperSigningCredential().AddInMemoryClients(null); }

    void LastLink()
    {
        services.AddIdentityServer()
            .AddInMemoryClients(null)
            .AddDeveloperSigningCredential();
    }

    void LastAfterComment()
    {
        services.AddIdentityServer()
            .AddInMemoryClients(null) // clients
            .AddDeveloperSigningCredential();
    }

    void TrailingComment()
    {
        services.AddIdentityServer()
            .AddDeveloperSigningCredential(); // dev only
    }

    void WithLambda()
    {
        services.AddIdentityServer(options =>
            {
                options.RaiseErrorEvents = true;
            })
            .AddInMemoryClients(new Client[0])
            .AddDeveloperSigningCredential();
    }

    void Assigned()
    {
        var idsrv = services.AddIdentityServer().AddDeveloperSigningCredential();
        idsrv.AddTestUsers(null);
    }

    void BracelessIf()
    {
        if (dev) builder.AddDeveloperSigningCredential();
        Other();
    }

    void BracelessIfTwoLines()
    {
        if (dev)
            builder.AddDeveloperSigningCredential();
        Other();
    }

    void BracelessIfChain() { if (dev) services.AddIdentityServer().AddDeveloperSigningCredential(); }

    void LambdaChain() { Configure(b => b.AddInMemoryClients(null).AddDeveloperSigningCredential()); }

    void NullConditional() { services.AddIdentityServer()?.AddDeveloperSigningCredential().AddTestUsers(null); }

    IIdentityServerBuilder ReturnChain() { return services.AddIdentityServer().AddDeveloperSigningCredential(); }

    IIdentityServerBuilder ArrowChain() => services.AddIdentityServer().AddDeveloperSigningCredential();

    // left in place and reported
    void IfElse()
    {
        if (dev) builder.AddDeveloperSigningCredential();
        else builder.AddSigningCredential(null);
    }
    IIdentityServerBuilder Used() { var b = builder.AddDeveloperSigningCredential(); return b; }
    IIdentityServerBuilder Returned() { return builder.AddDeveloperSigningCredential(); }
    IIdentityServerBuilder Arrow(IIdentityServerBuilder b) => b.AddDeveloperSigningCredential();
    void Lambda() { Configure(x => x.AddDeveloperSigningCredential()); }
    void ElseBody() { if (!dev) builder.AddSigningCredential(null); else builder.AddDeveloperSigningCredential(); }
    IIdentityServerBuilder Ternary() => dev ? builder.AddDeveloperSigningCredential() : builder;
}
`;

async function build(dir: string) {
  const r = await execa('dotnet', ['build', '-nologo', '-v', 'q', '-clp:NoSummary'], { cwd: dir, env, reject: false, all: true });
  return { code: r.exitCode, output: String(r.all) };
}

describe.skipIf(!hasDotnet)('dev-signing-credential: removals compile (real dotnet)', () => {
  it('a library with every case compiles before and after, CRLF kept', async () => {
    const dir = tempDir('devcred-real-dotnet-');
    dirs.push(dir);
    writeFileSync(
      path.join(dir, 'Cases.csproj'),
      '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>disable</Nullable>\n    <NoWarn>CS0649;CS0169</NoWarn>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n  </PropertyGroup>\n</Project>\n',
    );
    writeFileSync(path.join(dir, 'StandIn.cs'), STAND_IN);
    const crlf = CASES.replaceAll('\n', '\r\n');
    writeFileSync(path.join(dir, 'Cases.cs'), crlf);

    const before = await build(dir);
    expect(before.output, 'the cases must compile before the removal').toMatch(/0 Error/);
    expect(before.code).toBe(0);

    const removal = planRemoval('Cases.cs', crlf);
    expect(removal.calls).toHaveLength(27);
    // The brace-less else that holds only the call is now dropped with it (issue 9), so 6 are left for a person.
    expect(removal.leftAlone).toHaveLength(6);
    const after = applySplices(crlf, removal.splices);
    writeFileSync(path.join(dir, 'Cases.cs'), after);
    expect(after.replaceAll('\r\n', '')).not.toContain('\n'); // no bare LF introduced
    expect(after.split('AddDeveloperSigningCredential').length - 1).toBe(6);

    const built = await build(dir);
    expect(built.output).toMatch(/0 Error/);
    expect(built.code).toBe(0);
    expect(readFileSync(path.join(dir, 'Cases.cs'), 'utf8')).toContain('    void OnlyStatement() { }\r\n');
  }, 240_000);
});
