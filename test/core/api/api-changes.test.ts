import { describe, expect, it } from 'vitest';
import { analyzeApiChanges } from '../../../src/core/api/api-changes.js';
import { applySplices } from '../../../src/core/text/edit.js';

/** Rewrite one C# file for the pair; the manual items come back as "line: advice start". */
function rewrite(text: string, source: string, target: string, extra: { path: string; text: string }[] = []) {
  const a = analyzeApiChanges([{ path: 'A.cs', text }, ...extra], source, target);
  const splices = a.edits.get('A.cs') ?? [];
  return { text: applySplices(text, splices), manual: a.manual.map((m) => `${m.evidence.line}: ${m.advice.slice(0, 40)}`), a };
}

describe('api-changes: which pairs have rules', () => {
  it('IdentityServer4 → 5.x has none, so nothing is read or changed', () => {
    const text = 'class C { void M(IIdentityServerInteractionService i) { i.DenyAuthorizationAsync(r, AuthorizationError.AccessDenied); } }';
    const r = rewrite(text, '4.1', '5.2.4');
    expect(r.a.rulesApply).toBe(false);
    expect(r.text).toBe(text);
  });
});

describe('store DbContext constructors (6.0)', () => {
  const ctx = `public class MyConfigurationDbContext : ConfigurationDbContext<MyConfigurationDbContext>
{
    public MyConfigurationDbContext(DbContextOptions<MyConfigurationDbContext> options, ConfigurationStoreOptions storeOptions)
        : base(options, storeOptions)
    {
    }
}
// decoy: : base(options, storeOptions)
public class Other : DbContext
{
    public Other(DbContextOptions<Other> options, string s) : base(options, s) { }
}
public class Factory
{
    public ConfigurationDbContext Create(DbContextOptions<ConfigurationDbContext> o) => new ConfigurationDbContext(o, new ConfigurationStoreOptions());
    public MyContext Mine(DbContextOptions<MyContext> o) => new MyContext(o, new ConfigurationStoreOptions());
}
`;
  it('drops the store options from base(...) of a store context subclass; another DbContext and a comment stay; new X(o, s) sets StoreOptions (6.1+)', () => {
    const r = rewrite(ctx, '5.2.4', '6.3.10');
    expect(r.text).toBe(
      ctx
        .replace('        : base(options, storeOptions)', '        : base(options)')
        .replace('new ConfigurationDbContext(o, new ConfigurationStoreOptions())', 'new ConfigurationDbContext(o) { StoreOptions = new ConfigurationStoreOptions() }'),
    );
  });
  it('to 6.0 itself, a new X(o, s) needs a person (StoreOptions is settable from 6.1)', () => {
    const r = rewrite(ctx, '5.2.4', '6.0.5');
    expect(r.text).toContain('new ConfigurationDbContext(o, new ConfigurationStoreOptions())');
    expect(r.manual).toEqual(['15: new ConfigurationDbContext(options, stor']);
  });
  it('a pair past 6.0 leaves it alone', () => {
    expect(rewrite(ctx, '6.0.5', '7.4.8').text).toBe(ctx);
  });
});

describe('ICache GetAsync with a logger (6.0)', () => {
  it('becomes GetOrAddAsync without the logger; GetAsync(key) and another GetAsync stay', () => {
    const text = `class S { ICache<Client> _cache; HttpClient http;
  async Task M() {
    var a = await _cache.GetAsync(key, TimeSpan.FromMinutes(5), () => Load(key), _logger);
    var b = await _cache.GetAsync(key);
    var c = await http.GetAsync(url, a, b, d);
  } }`;
    expect(rewrite(text, '5.2.4', '6.3.10').text).toBe(text.replace('_cache.GetAsync(key, TimeSpan.FromMinutes(5), () => Load(key), _logger)', '_cache.GetOrAddAsync(key, TimeSpan.FromMinutes(5), () => Load(key))'));
  });
});

describe('ICache<T> (gone in 8.0)', () => {
  const text = `class MyCache<T> : ICache<T> where T : class { }
class Holder { ICache<Client> _cache; }
class Other : IMyCache<Client> { } // ICache<T>
class S { string s = "ICache<T>"; }
`;
  it('to 8.0 every use needs a person, with file and line; a lookalike name, a comment and a string do not', () => {
    const r = rewrite(text, '7.4.8', '8.0.3');
    expect(r.text).toBe(text);
    expect(r.manual).toEqual(['1: ICache<T> is gone in 8.0, where Identity', '2: ICache<T> is gone in 8.0, where Identity']);
  });
  it('to 6.x an implementation must follow the 6.0 interface; a pair crossing 8.0 says only what 8.0 needs', () => {
    expect(rewrite(text, '5.2.4', '6.3.10').manual).toEqual(['1: a custom ICache<T> must implement the 6.']);
    expect(rewrite(text, '4.1.1', '8.0.3').manual.filter((m) => m.includes('ICache'))).toEqual(['1: ICache<T> is gone in 8.0, where Identity', '2: ICache<T> is gone in 8.0, where Identity']);
    expect(rewrite(text, '7.0.9', '7.4.8').manual).toEqual([]);
  });
});

describe('RemoveExpiredGrantsAsync (6.3)', () => {
  it('a call follows; the user’s own method of that name, a string and a comment stay', () => {
    const text = 'class J { TokenCleanupService s; Task RemoveExpiredGrantsAsync() => s.RemoveExpiredGrantsAsync(); string n = "RemoveExpiredGrantsAsync"; /* s.RemoveExpiredGrantsAsync() */ }';
    expect(rewrite(text, '6.1.8', '6.3.10').text).toBe('class J { TokenCleanupService s; Task RemoveExpiredGrantsAsync() => s.CleanupGrantsAsync(); string n = "RemoveExpiredGrantsAsync"; /* s.RemoveExpiredGrantsAsync() */ }');
    expect(rewrite(text, '6.3.0', '7.4.8').text).toBe(text);
  });
});

describe('the sign-out helper (7.0)', () => {
  const controller = [
    'namespace Q',
    '{',
    '    public class AccountController : Controller',
    '    {',
    '        public async Task<bool> Logout(string idp)',
    '        {',
    '            var supports = await HttpContext.GetSchemeSupportsSignOutAsync(idp);',
    '            // decoy: HttpContext.GetSchemeSupportsSignOutAsync(idp)',
    '            var name = "GetSchemeSupportsSignOutAsync";',
    '            return supports;',
    '        }',
    '    }',
    '}',
    '',
  ].join('\r\n');
  it('calls a private helper added once to the class, with the file’s indentation and CRLFs', () => {
    const r = rewrite(controller, '6.3.10', '7.4.8');
    const expected = controller
      .replace('await HttpContext.GetSchemeSupportsSignOutAsync(idp);', 'await SchemeSupportsSignOutAsync(HttpContext, idp);')
      .replace(
        '            return supports;\r\n        }\r\n',
        '            return supports;\r\n        }\r\n\r\n' +
          '        private static async global::System.Threading.Tasks.Task<bool> SchemeSupportsSignOutAsync(global::Microsoft.AspNetCore.Http.HttpContext context, string scheme)\r\n' +
          '        {\r\n' +
          '            var provider = global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.AspNetCore.Authentication.IAuthenticationHandlerProvider>(context.RequestServices);\r\n' +
          '            var handler = await provider.GetHandlerAsync(context, scheme);\r\n' +
          '            return handler is global::Microsoft.AspNetCore.Authentication.IAuthenticationSignOutHandler;\r\n' +
          '        }\r\n',
      );
    expect(r.text).toBe(expected);
    // a second run finds nothing left
    expect(rewrite(r.text, '6.3.10', '7.4.8').text).toBe(r.text);
  });
});

describe('User.GetName() and IdentityServerTools (7.0)', () => {
  it('User.GetName() → GetDisplayName(); assembly.GetName() and GetName(x) stay; IdentityServerTools as a type becomes the interface, new and a string stay', () => {
    const text = 'class C { C(IdentityServerTools tools) { var n = User.GetName(); var a = typeof(C).Assembly.GetName(); var p = x.GetName(1); var t = new IdentityServerTools(a); var s = "IdentityServerTools x"; } }';
    expect(rewrite(text, '6.3.10', '7.0.9').text).toBe(
      'class C { C(IIdentityServerTools tools) { var n = User.GetDisplayName(); var a = typeof(C).Assembly.GetName(); var p = x.GetName(1); var t = new IdentityServerTools(a); var s = "IdentityServerTools x"; } }',
    );
  });
  it('a solution that declares its own IdentityServerTools keeps it', () => {
    const text = 'class C { C(IdentityServerTools tools) { } }';
    expect(rewrite(text, '6.3.10', '7.0.9', [{ path: 'B.cs', text: 'class IdentityServerTools { }' }]).text).toBe(text);
  });
  it('RequestedResourceIndiators is spelt right; a local of that name stays', () => {
    const text = 'class C { void M(AuthorizeRequest r) { var x = r.RequestedResourceIndiators; var RequestedResourceIndiators = 1; } }';
    expect(rewrite(text, '6.3.10', '7.4.8').text).toBe('class C { void M(AuthorizeRequest r) { var x = r.RequestedResourceIndicators; var RequestedResourceIndiators = 1; } }');
  });
});

describe('AuthorizationError and the DPoP names (8.0)', () => {
  it('renames the enum; the user’s enum member, a property of that name, a PushedAuthorizationErrorResult and a comment stay', () => {
    const text = [
      'enum MyErrors { AuthorizationError, Other }',
      'class C {',
      '  public string AuthorizationError { get; set; }',
      '  void M() { var e = Duende.IdentityServer.Models.AuthorizationError.AccessDenied; var f = MyErrors.AuthorizationError; PushedAuthorizationErrorResult r; var r2 = new ConsentResponse { Error = AuthorizationError.AccessDenied }; } // AuthorizationError',
      '  DPoPProofValidatonContext c; DPoPProofValidatonResult d;',
      '}',
    ].join('\n');
    expect(rewrite(text, '7.4.8', '8.0.3').text).toBe(
      text
        .replace('Models.AuthorizationError.AccessDenied', 'Models.InteractionError.AccessDenied')
        .replace('Error = AuthorizationError.AccessDenied', 'Error = InteractionError.AccessDenied')
        .replace('DPoPProofValidatonContext c; DPoPProofValidatonResult d;', 'DPoPProofValidationContext c; DPoPProofValidationResult d;'),
    );
  });
  it('a solution that declares its own AuthorizationError type keeps it', () => {
    const text = 'class C { AuthorizationError e; }';
    expect(rewrite(text, '7.4.8', '8.0.3', [{ path: 'E.cs', text: 'public enum AuthorizationError { A }' }]).text).toBe(text);
  });
});

describe('ProfileDataRequestContext.Client (8.0)', () => {
  it('Client.ClientId → Application.Identifier; other members need a person; another object’s Client stays', () => {
    const text = [
      'class P : IProfileService {',
      '  public Task GetProfileDataAsync(ProfileDataRequestContext context) { var id = context.Client.ClientId; var n = context.Client?.ClientName; var cl = context.Client.Claims; var other = request.Client.ClientId; return Task.CompletedTask; }',
      '  public Task IsActiveAsync(IsActiveContext context) => Task.CompletedTask;',
      '}',
    ].join('\n');
    const r = rewrite(text, '7.4.8', '8.0.3');
    expect(r.text).toBe(
      [
        'class P : IProfileService {',
        '  public Task GetProfileDataAsync(ProfileDataRequestContext context, System.Threading.CancellationToken ct) { var id = context.Application.Identifier; var n = context.Application?.DisplayName; var cl = context.Client.Claims; var other = request.Client.ClientId; return Task.CompletedTask; }',
        '  public Task IsActiveAsync(IsActiveContext context, System.Threading.CancellationToken ct) => Task.CompletedTask;',
        '}',
      ].join('\n'),
    );
    expect(r.manual).toEqual(['2: ProfileDataRequestContext.Client is Appl']);
  });
});

describe('clocks: ISystemClock → IClock (7.0) → TimeProvider (8.0)', () => {
  const sub = `using System;
class MyTokenService : DefaultTokenService
{
    private readonly ISystemClock _clock;
    public MyTokenService(IClaimsService claims, ISystemClock clock) : base(claims, clock) { _clock = clock; }
    DateTime Now() => _clock.UtcNow.UtcDateTime;
    DateTime Then(Other o) => o.UtcNow;
}
class Mine { public Mine(ISystemClock clock) { } }
`;
  it('to 7.x the subclass takes Duende’s IClock; a class of the user’s own that keeps ISystemClock stays', () => {
    expect(rewrite(sub, '6.3.10', '7.4.8').text).toBe(sub.replace('private readonly ISystemClock _clock', 'private readonly Duende.IdentityServer.IClock _clock').replace('ISystemClock clock) : base', 'Duende.IdentityServer.IClock clock) : base'));
  });
  it('to 8.0 TimeProvider, and UtcNow on it becomes GetUtcNow(); another UtcNow stays; the other ISystemClock is listed', () => {
    const r = rewrite(sub, '4.1', '8.0.3');
    expect(r.text).toBe(
      sub
        .replace('private readonly ISystemClock _clock', 'private readonly TimeProvider _clock')
        .replace('ISystemClock clock) : base', 'TimeProvider clock) : base')
        .replace('_clock.UtcNow.UtcDateTime', '_clock.GetUtcNow().UtcDateTime'),
    );
    expect(r.manual).toEqual(['9: ISystemClock is not handed to a Duende c']);
  });
  it('from 7.x every IClock goes (8.0 removed it)', () => {
    const text = 'class Mine { readonly IClock _c; public Mine(IClock c) { _c = c; } public DateTimeOffset Now => _c.UtcNow; }';
    expect(rewrite(text, '7.4.8', '8.0.3').text).toBe('class Mine { readonly System.TimeProvider _c; public Mine(System.TimeProvider c) { _c = c; } public DateTimeOffset Now => _c.GetUtcNow(); }');
  });
});

describe('CancellationToken parameters (8.0)', () => {
  it('calls in a controller pass HttpContext.RequestAborted at the token’s place; elsewhere CancellationToken.None; a call on another type stays', () => {
    const text = `using System.Threading;
class HomeController : Controller
{
    private readonly IIdentityServerInteractionService _interaction;
    public async Task<IActionResult> Error(string id)
    {
        var m = await _interaction.GetErrorContextAsync(id);
        await _interaction.GrantConsentAsync(request, consent, "sub");
        await _other.GetErrorContextAsync(id);
        return View();
    }
    private static Task S(IClientStore store) => store.FindEnabledClientByIdAsync("x");
}
static class Ext
{
    public static Task<Client> Find(this IClientStore store, string id) => store.FindClientByIdAsync(id);
}
`;
    expect(rewrite(text, '7.4.8', '8.0.3').text).toBe(
      text
        .replace('GetErrorContextAsync(id);\n        await _interaction', 'GetErrorContextAsync(id, HttpContext.RequestAborted);\n        await _interaction')
        .replace('GrantConsentAsync(request, consent, "sub")', 'GrantConsentAsync(request, consent, HttpContext.RequestAborted, "sub")')
        .replace('store.FindEnabledClientByIdAsync("x")', 'store.FindEnabledClientByIdAsync("x", CancellationToken.None)')
        .replace('store.FindClientByIdAsync(id)', 'store.FindClientByIdAsync(id, CancellationToken.None)'),
    );
  });
  it('a call with named arguments needs a person; one that already passes a token is left as it is', () => {
    const text = 'class C { IEventService _events; async Task M(CancellationToken t) { await _events.RaiseAsync(evt: e); await _events.RaiseAsync(e, t); } }';
    const r = rewrite(text, '7.4.8', '8.0.3');
    expect(r.text).toBe(text);
    expect(r.manual).toEqual(['1: IEventService.RaiseAsync takes a Cancell']);
  });
  it('an implementation of a store takes the token; a method of another name stays', () => {
    const text = 'class S : IClientStore { public Task<Client> FindClientByIdAsync(string clientId) => Task.FromResult<Client>(null); public Task<Client> FindClientByNameAsync(string n) => null; }';
    const r = rewrite(text, '7.4.8', '8.0.3');
    expect(r.text).toBe('class S : IClientStore { public Task<Client> FindClientByIdAsync(string clientId, System.Threading.CancellationToken ct) => Task.FromResult<Client>(null); public Task<Client> FindClientByNameAsync(string n) => null; }');
    expect(r.manual).toEqual(['1: IClientStore requires IAsyncEnumerable<C']);
  });
});

describe('needs a person', () => {
  it('lists the HttpContext URL helpers of 7.0 with file and line, in code only', () => {
    const text = 'class C {\n  string M() => HttpContext.GetIdentityServerIssuerUri();\n  // HttpContext.GetIdentityServerBaseUrl()\n  string N() => "GetIdentityServerBaseUrl";\n}';
    const r = rewrite(text, '6.3.10', '7.4.8');
    expect(r.text).toBe(text);
    expect(r.manual).toEqual(['2: the HttpContext helper is gone in 7.0: i']);
  });
});

describe('IdentityModel’s Base64Url (Duende.IdentityModel 8.0, brought by 7.4)', () => {
  const text = `using System.Text;
using IdentityModel;

class V
{
    byte[] A(string s) => Base64Url.Decode(s);
    string B(byte[] b) => Base64Url . Encode(b);
    byte[] C(string s) => IdentityModel.Base64Url.Decode(s);
    byte[] D(string s) => global::Duende.IdentityModel.Base64Url.Decode(s);
    byte[] E(string s) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(s);
    byte[] F(string s) => MyCo.IdentityModel.Base64Url.Decode(s);
    string G() => "Base64Url.Decode(x)"; // Base64Url.Decode(y)
    System.Func<string, byte[]> H() => Base64Url.Decode;
}
`;
  it('calls through the library’s namespace move to System.Buffers.Text.Base64Url; another library’s type, a namespace of the user’s, a string and a comment stay; a method group needs a person', () => {
    const r = rewrite(text, '4.1.1', '7.4.8');
    expect(r.text).toBe(
      text
        .replace('=> Base64Url.Decode(s)', '=> System.Buffers.Text.Base64Url.DecodeFromChars(s)')
        .replace('Base64Url . Encode(b)', 'System.Buffers.Text.Base64Url.EncodeToString(b)')
        .replace('IdentityModel.Base64Url.Decode(s);\n    byte[] D', 'System.Buffers.Text.Base64Url.DecodeFromChars(s);\n    byte[] D')
        .replace('global::Duende.IdentityModel.Base64Url.Decode(s)', 'global::System.Buffers.Text.Base64Url.DecodeFromChars(s)'),
    );
    expect(r.manual).toEqual(['13: Base64Url.Decode is used other than as a']);
    // a second run has nothing left to rewrite
    expect(rewrite(r.text, '4.1.1', '7.4.8').text).toBe(r.text);
  });
  it('a file with a using of System.Buffers.Text keeps the short name; a global using of the library counts', () => {
    const file = 'using System.Buffers.Text;\nclass V { byte[] A(string s) => Base64Url.Decode(s); }\n';
    const r = rewrite(file, '6.1.8', '8.0.3', [{ path: 'GlobalUsings.cs', text: 'global using Duende.IdentityModel;\n' }]);
    expect(r.text).toBe(file.replace('Base64Url.Decode(s)', 'Base64Url.DecodeFromChars(s)'));
    expect(rewrite(file, '6.1.8', '8.0.3').text).toBe(file);
  });
  it('a file that does not import the library, a solution with its own Base64Url, and a pair below 7.4 stay', () => {
    const bare = 'class V { byte[] A(string s) => Base64Url.Decode(s); }\n';
    expect(rewrite(bare, '4.1.1', '8.0.3').text).toBe(bare);
    expect(rewrite(text, '4.1.1', '8.0.3', [{ path: 'B.cs', text: 'namespace MyCo { public static class Base64Url { } }' }]).text).toBe(text);
    expect(rewrite(text, '4.1.1', '7.3.2').text).toBe(text);
    expect(rewrite(text, '7.4.0', '8.0.3').text).toBe(text);
  });
});
