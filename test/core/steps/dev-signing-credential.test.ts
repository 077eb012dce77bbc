import { describe, expect, it } from 'vitest';
import { planRemoval } from '../../../src/core/steps/dev-signing-credential.js';
import { applySplices } from '../../../src/core/text/edit.js';

const L = (...lines: string[]) => lines.join('\n');

function remove(text: string, path = 'Startup.cs') {
  const r = planRemoval(path, text);
  return { text: applySplices(text, r.splices), r };
}

/** [title, before, after]: the call is removed and the result is exactly `after`. */
const removed: [string, string, string][] = [
  ['statement on its own line', L('var builder = services.AddIdentityServer();', '', '// not recommended for production', 'builder.AddDeveloperSigningCredential();', 'builder.AddInMemoryClients(Config.Clients);', ''), L('var builder = services.AddIdentityServer();', '', '// not recommended for production', 'builder.AddInMemoryClients(Config.Clients);', '')],
  ['statement with arguments of every kind', L('    builder.AddDeveloperSigningCredential(', '        persistKey: Env.IsDevelopment() && (x > 1),', '        filename: Path.Combine(dir, "key(1).jwk"),', '        signingAlgorithm: IdentityServerConstants.RsaSigningAlgorithm.RS256);', '    next();', ''), L('    next();', '')],
  ['statement inside braces on one line', 'if (dev) { builder.AddDeveloperSigningCredential(); }\n', 'if (dev) { }\n'],
  ['statement inside an if block', L('if (env.IsDevelopment())', '{', '    builder.AddDeveloperSigningCredential();', '}', ''), L('if (env.IsDevelopment())', '{', '}', '')],
  ['middle link on its own line', L('services.AddIdentityServer()', '    .AddDeveloperSigningCredential()', '    .AddInMemoryClients(Config.Clients);', ''), L('services.AddIdentityServer()', '    .AddInMemoryClients(Config.Clients);', '')],
  ['middle link inline', 'services.AddIdentityServer().AddDeveloperSigningCredential().AddInMemoryClients(c);\n', 'services.AddIdentityServer().AddInMemoryClients(c);\n'],
  ['middle link spanning lines', L('services.AddIdentityServer()', '    .AddDeveloperSigningCredential(', '        persistKey: false)', '    .AddTestUsers(TestUsers.Users);', ''), L('services.AddIdentityServer()', '    .AddTestUsers(TestUsers.Users);', '')],
  ['last link: the ; moves up', L('services.AddIdentityServer()', '    .AddInMemoryClients(c)', '    .AddDeveloperSigningCredential();', 'next();', ''), L('services.AddIdentityServer()', '    .AddInMemoryClients(c);', 'next();', '')],
  ['last link inline', 'services.AddIdentityServer().AddDeveloperSigningCredential();\n', 'services.AddIdentityServer();\n'],
  ['last link after a commented link', L('services.AddIdentityServer()', '    .AddInMemoryClients(c) // clients', '    .AddDeveloperSigningCredential();', ''), L('services.AddIdentityServer()', '    .AddInMemoryClients(c); // clients', '')],
  ['last link with a trailing comment', L('services.AddIdentityServer()', '    .AddDeveloperSigningCredential(); // dev only', ''), L('services.AddIdentityServer(); // dev only', '')],
  ['last link with a lambda in the chain', L('builder.Services.AddIdentityServer(options =>', '    {', '        options.Events.RaiseErrorEvents = true;', '    })', '    .AddInMemoryClients(Config.Clients)', '    .AddDeveloperSigningCredential();', ''), L('builder.Services.AddIdentityServer(options =>', '    {', '        options.Events.RaiseErrorEvents = true;', '    })', '    .AddInMemoryClients(Config.Clients);', '')],
  ['assigned chain keeps its value', 'var idsrv = builder.Services.AddIdentityServer().AddDeveloperSigningCredential();\n', 'var idsrv = builder.Services.AddIdentityServer();\n'],
  ['brace-less if without else goes whole', L('    if (env.IsDevelopment()) builder.AddDeveloperSigningCredential();', '    app.Run();', ''), L('    app.Run();', '')],
  ['brace-less if over two lines goes whole', L('if (env.IsDevelopment())', '    builder.AddDeveloperSigningCredential();', 'app.Run();', ''), L('app.Run();', '')],
  ['brace-less if over a chain keeps the if', 'if (dev) services.AddIdentityServer().AddDeveloperSigningCredential();\n', 'if (dev) services.AddIdentityServer();\n'],
  ['lambda over a chain', 'Configure(b => b.AddInMemoryClients(c).AddDeveloperSigningCredential());\n', 'Configure(b => b.AddInMemoryClients(c));\n'],
  ['CRLF kept', 'var b = services.AddIdentityServer()\r\n    .AddInMemoryClients(c)\r\n    .AddDeveloperSigningCredential();\r\nb.AddTestUsers(u);\r\n', 'var b = services.AddIdentityServer()\r\n    .AddInMemoryClients(c);\r\nb.AddTestUsers(u);\r\n'],
  ['BOM kept, statement on the first line', '\uFEFFbuilder.AddDeveloperSigningCredential();\nnext();\n', '\uFEFFnext();\n'],
  ['statement on the last line without a line ending', 'x();\nbuilder.AddDeveloperSigningCredential();', 'x();\n'],
  ['null-conditional middle link keeps the ?', 'services.AddIdentityServer()?.AddDeveloperSigningCredential().AddTestUsers(u);\n', 'services.AddIdentityServer()?.AddTestUsers(u);\n'],
  ['null-conditional last link', 'services.AddIdentityServer()?.AddDeveloperSigningCredential();\n', 'services.AddIdentityServer();\n'],
  ['middle link inside #if', L('services.AddIdentityServer()', '#if DEBUG', '    .AddDeveloperSigningCredential()', '#else', '    .AddSigningCredential(cert)', '#endif', '    .AddInMemoryClients(c);', ''), L('services.AddIdentityServer()', '#if DEBUG', '#else', '    .AddSigningCredential(cert)', '#endif', '    .AddInMemoryClients(c);', '')],
  ['statement inside #if', L('#if DEBUG', 'builder.AddDeveloperSigningCredential();', '#endif', ''), L('#if DEBUG', '#endif', '')],
  ['byte-view receiver and comment (legacy encoding)', '// Entwicklungsschl\uE0FCssel\nb\uE0FCilder.AddDeveloperSigningCredential();\nnext();\n', '// Entwicklungsschl\uE0FCssel\nnext();\n'],
  ['brace-less else goes, the if stays', 'if (prod) builder.AddSigningCredential(cert);\nelse builder.AddDeveloperSigningCredential();\nnext();\n', 'if (prod) builder.AddSigningCredential(cert);\nnext();\n'],
  ['brace-less else after a block, on lines of its own', L('if (env.IsProduction())', '{', '    builder.AddSigningCredential(cert);', '}', 'else', '    builder.AddDeveloperSigningCredential();', 'app.Run();', ''), L('if (env.IsProduction())', '{', '    builder.AddSigningCredential(cert);', '}', 'app.Run();', '')],
  ['} else on one line, CRLF', '    if (prod) {\r\n        b.AddSigningCredential(cert);\r\n    } else b.AddDeveloperSigningCredential();  \r\n    next();\r\n', '    if (prod) {\r\n        b.AddSigningCredential(cert);\r\n    }\r\n    next();\r\n'],
  ['else after a comment keeps the comment', 'if (p) x(); /* prod */ else b.AddDeveloperSigningCredential();\n', 'if (p) x(); /* prod */\n'],
  ['nested brace-less else inside an if', L('if (a)', '    if (prod) b.AddSigningCredential(cert);', '    else b.AddDeveloperSigningCredential();', 'next();', ''), L('if (a)', '    if (prod) b.AddSigningCredential(cert);', 'next();', '')],
  ['last link: blanks after the ; are not carried up', 'services.AddIdentityServer()\n    .AddDeveloperSigningCredential();   \nnext();\n', 'services.AddIdentityServer();\nnext();\n'],
  ['last link with a tab after the ;, CRLF', 'var b = services.AddIdentityServer()\r\n    .AddInMemoryClients(c)\r\n    .AddDeveloperSigningCredential();\t\r\nb.Run();\r\n', 'var b = services.AddIdentityServer()\r\n    .AddInMemoryClients(c);\r\nb.Run();\r\n'],
  ['statement between blank lines: one blank line stays one', L('a();', '', 'builder.AddDeveloperSigningCredential();', '', 'b();', ''), L('a();', '', 'b();', '')],
  ['middle link between blank lines in a chain', L('services.AddIdentityServer()', '', '    .AddDeveloperSigningCredential()', '', '    .AddTestUsers(u);', ''), L('services.AddIdentityServer()', '', '    .AddTestUsers(u);', '')],
  ['brace-less if between blank lines, CRLF', 'a();\r\n\r\nif (dev)\r\n    builder.AddDeveloperSigningCredential();\r\n\r\nb();\r\n', 'a();\r\n\r\nb();\r\n'],
  ['statement of a switch section: the section keeps its break', L('switch (mode)', '{', '    case KeyMode.Temporary:', '        builder.AddDeveloperSigningCredential(false);', '        break;', '    default: builder.AddSigningCredential(cert); break;', '}', ''), L('switch (mode)', '{', '    case KeyMode.Temporary:', '        break;', '    default: builder.AddSigningCredential(cert); break;', '}', '')],
  ['statement after a case label on the same line, and after default:', L('switch (m) { case 1: builder.AddDeveloperSigningCredential(); break; default: builder.AddDeveloperSigningCredential(); break; }', ''), L('switch (m) { case 1: break; default: break; }', '')],
  ['two calls', L('builder.AddDeveloperSigningCredential();', 'services.AddIdentityServer().AddDeveloperSigningCredential().AddTestUsers(u);', ''), L('services.AddIdentityServer().AddTestUsers(u);', '')],
];

/** [title, text, reason fragment]: left exactly as it is and reported. */
const left: [string, string, RegExp][] = [
  ['brace-less if with else', 'if (dev) builder.AddDeveloperSigningCredential();\nelse builder.AddSigningCredential(cert);\n', /has an else/],
  ['result of a bare builder used', 'var b = builder.AddDeveloperSigningCredential();\n', /result is used/],
  ['returned', 'return builder.AddDeveloperSigningCredential();\n', /result is used/],
  ['expression-bodied member', 'IIdentityServerBuilder Dev(IIdentityServerBuilder b) => b.AddDeveloperSigningCredential();\n', /expression-bodied/],
  ['lambda on a bare parameter', 'Configure(x => x.AddDeveloperSigningCredential());\n', /lambda/],
  ['reassigned builder', 'b = b.AddDeveloperSigningCredential();\n', /result is used/],
  ['while body', 'while (dev) builder.AddDeveloperSigningCredential();\n', /loop, else/],
  ['else with #if inside', 'if (prod) x();\nelse\n#if DEBUG\n    builder.AddDeveloperSigningCredential();\n#endif\n', /preprocessor/],
  ['#if inside a chain whose last link it is', 'services.AddIdentityServer()\n#if DEBUG\n    .AddInMemoryClients(c)\n#endif\n    .AddDeveloperSigningCredential();\n', /preprocessor/],
  ['#if around the last link', 'var b = services.AddIdentityServer()\n    .AddInMemoryClients(c)\n#if DEBUG\n    .AddDeveloperSigningCredential()\n#endif\n    ;\n', /preprocessor/],
  ['ternary', 'var b = dev ? builder.AddDeveloperSigningCredential() : builder;\n', /used in an expression/],
];

const ignored: [string, string][] = [
  ['comment', '// builder.AddDeveloperSigningCredential();\n'],
  ['string', 'var s = "builder.AddDeveloperSigningCredential();";\n'],
  ['own method declaration', 'public static IIdentityServerBuilder AddDeveloperSigningCredential(this IIdentityServerBuilder b) { return b; }\n'],
  ['longer name', 'builder.AddDeveloperSigningCredentialFromFile("x");\n'],
];

describe('dev-signing-credential: removal', () => {
  it.each(removed)('%s', (_t, before, after) => {
    const { text, r } = remove(before);
    expect(r.leftAlone).toEqual([]);
    expect(text).toBe(after);
  });
});

describe('dev-signing-credential: left and reported', () => {
  it.each(left)('%s', (_t, before, reason) => {
    const { text, r } = remove(before);
    expect(text).toBe(before);
    expect(r.calls).toHaveLength(1);
    expect(r.leftAlone).toHaveLength(1);
    expect(r.leftAlone[0]!.reason).toMatch(reason);
    expect(r.leftAlone[0]!.evidence.text).toContain('AddDeveloperSigningCredential');
  });
});

describe('dev-signing-credential: not calls', () => {
  it.each(ignored)('%s', (_t, before) => {
    const { text, r } = remove(before);
    expect(text).toBe(before);
    expect(r.calls).toEqual([]);
  });
});

describe('dev-signing-credential: whole files', () => {
  it('Startup.cs of the IS4 quickstart', () => {
    const before = L(
      'public void ConfigureServices(IServiceCollection services)',
      '{',
      '    services.AddControllersWithViews();',
      '',
      '    var builder = services.AddIdentityServer(options =>',
      '        {',
      '            options.Events.RaiseErrorEvents = true;',
      '            // see https://identityserver4.readthedocs.io/en/latest/topics/resources.html',
      '            options.EmitStaticAudienceClaim = true;',
      '        })',
      '        .AddTestUsers(TestUsers.Users);',
      '',
      '    // in-memory, code config',
      '    builder.AddInMemoryIdentityResources(Config.IdentityResources);',
      '',
      '    // not recommended for production - you need to store your key material somewhere secure',
      '    builder.AddDeveloperSigningCredential();',
      '',
      '    services.AddAuthentication();',
      '}',
      '',
    );
    expect(remove(before).text).toBe(before.replace('    builder.AddDeveloperSigningCredential();\n', ''));
  });

  it('.NET 6 minimal hosting Program.cs', () => {
    const before = L(
      'var builder = WebApplication.CreateBuilder(args);',
      '',
      'builder.Services.AddIdentityServer()',
      '    .AddInMemoryIdentityResources(Config.IdentityResources)',
      '    .AddInMemoryApiScopes(Config.ApiScopes)',
      '    .AddInMemoryClients(Config.Clients)',
      '    .AddDeveloperSigningCredential();',
      '',
      'var app = builder.Build();',
      'app.UseIdentityServer();',
      'app.Run();',
      '',
    );
    expect(remove(before, 'Program.cs').text).toBe(before.replace('Config.Clients)\n    .AddDeveloperSigningCredential();', 'Config.Clients);'));
  });

  it('reports calls in VB files without editing them', () => {
    const { text, r } = remove('services.AddIdentityServer().AddDeveloperSigningCredential()\n', 'Startup.vb');
    expect(text).toBe('services.AddIdentityServer().AddDeveloperSigningCredential()\n');
    expect(r.leftAlone[0]!.reason).toMatch(/VB/);
  });
});

describe('dev-signing-credential: robustness', () => {
  it('never plans overlapping or out-of-range splices, whatever the text', () => {
    const parts = ['.AddDeveloperSigningCredential', 'builder', 'services.AddIdentityServer()', '(', ')', ';', ' ', '\n', '\r\n', 'if (x) ', 'else ', '=>', ' = ', '?', ',', '{', '}', '"', '//', '#if DEBUG\n', '?.', 'var b'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let k = 0; k < 1500; k++) {
      const text = Array.from({ length: 1 + (next() % 60) }, () => parts[next() % parts.length]).join('');
      const r = planRemoval('Startup.cs', text);
      expect(() => applySplices(text, r.splices)).not.toThrow();
      expect(r.leftAlone.length).toBeLessThanOrEqual(r.calls.length);
    }
  });
});
