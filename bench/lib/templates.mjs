// C#, Razor and MSBuild text in the shapes real IdentityServer4 4.1 solutions have
// (the quickstarts, the EF migrations the IS4 docs generate, typical library code).
// Each function fills a LineFile; lines are tagged with the kind the manifest needs.

const WORDS = ['Account', 'Order', 'Invoice', 'Customer', 'Ledger', 'Report', 'Audit', 'Tenant', 'Profile', 'Session', 'Catalog', 'Payment', 'Shipment', 'Notice', 'Quota', 'Policy', 'Schedule', 'Metric', 'Export', 'Import'];
const VERBS = ['Load', 'Save', 'Find', 'Apply', 'Check', 'Build', 'Merge', 'Sync', 'Queue', 'Resolve'];

export const IS4_NAMESPACES = [
  'IdentityServer4',
  'IdentityServer4.Configuration',
  'IdentityServer4.Events',
  'IdentityServer4.Extensions',
  'IdentityServer4.Models',
  'IdentityServer4.Services',
  'IdentityServer4.Stores',
  'IdentityServer4.Validation',
  'IdentityServer4.ResponseHandling',
  'IdentityServer4.Test',
  'IdentityServer4.Hosting',
];

export const EF_NAMESPACES = ['IdentityServer4.EntityFramework.DbContexts', 'IdentityServer4.EntityFramework.Mappers', 'IdentityServer4.EntityFramework.Entities', 'IdentityServer4.EntityFramework.Options'];

/** A plain method body of n lines, no IdentityServer4 anywhere. */
function body(rng, n, indent) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const w = rng.pick(WORDS);
    switch (rng.int(0, 5)) {
      case 0:
        out.push(`${indent}var ${w.toLowerCase()}${i} = await _repository.${rng.pick(VERBS)}${w}Async(id, cancellationToken);`);
        break;
      case 1:
        out.push(`${indent}if (${w.toLowerCase()}Count > ${rng.int(1, 500)}) _logger.LogWarning("${w} limit reached for {Id}", id);`);
        break;
      case 2:
        out.push(`${indent}total += items.Where(x => x.${w}Id == id).Sum(x => x.Amount * ${rng.int(1, 9)}m);`);
        break;
      case 3:
        out.push(`${indent}// ${rng.pick(VERBS).toLowerCase()} the ${w.toLowerCase()} before the ${rng.pick(WORDS).toLowerCase()} is read again`);
        break;
      case 4:
        out.push(`${indent}_cache.Set($"${w.toLowerCase()}:{id}", result, TimeSpan.FromMinutes(${rng.int(1, 60)}));`);
        break;
      default:
        out.push(`${indent}result.${w}s.Add(new ${w}Dto { Id = id, Name = name ?? "${w.toLowerCase()}-${rng.int(0, 9999)}" });`);
    }
  }
  return out;
}

function plainMethods(f, rng, count, cls) {
  for (let m = 0; m < count; m++) {
    const w = rng.pick(WORDS);
    f.add(`        public async Task<${w}Result> ${rng.pick(VERBS)}${w}${m}Async(Guid id, string name, CancellationToken cancellationToken = default)`);
    f.add('        {');
    f.add(`            var result = new ${w}Result();`);
    f.add('            decimal total = 0;');
    for (const l of body(rng, rng.int(3, 14), '            ')) f.add(l);
    f.add(`            _logger.LogDebug("${cls} done with {Total}", total);`);
    f.add('            return result;');
    f.add('        }');
    f.add('');
  }
}

const PLAIN_USINGS = ['using System;', 'using System.Collections.Generic;', 'using System.Linq;', 'using System.Threading;', 'using System.Threading.Tasks;', 'using Microsoft.Extensions.Caching.Memory;', 'using Microsoft.Extensions.Logging;'];

/** An ordinary class with no IdentityServer4 at all: the realistic majority. */
export function plainClass(f, rng, ns, cls, opts = {}) {
  for (const u of PLAIN_USINGS) f.add(u);
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  if (opts.polish) f.add('    // Zażółć gęślą: komentarz w kodowaniu Windows-1250');
  f.add(`    public class ${cls}`);
  f.add('    {');
  f.add(`        private readonly ILogger<${cls}> _logger;`);
  f.add('        private readonly IMemoryCache _cache;');
  f.add('');
  plainMethods(f, rng, rng.int(1, 6), cls);
  f.add('    }');
  f.add('}');
}

/**
 * A class that uses IdentityServer4: using directives, fully qualified names,
 * an alias and a using static, mixed with comments and strings that mention the
 * token but are not ours to change.
 */
export function is4Class(f, rng, ns, cls, opts = {}) {
  const namespaces = rng.some(opts.ef ? [...IS4_NAMESPACES, ...EF_NAMESPACES] : IS4_NAMESPACES, rng.int(1, 4));
  f.add('using System;');
  f.add('using System.Collections.Generic;');
  f.add('using System.Linq;');
  f.add('using System.Threading;');
  f.add('using System.Threading.Tasks;');
  for (const n of namespaces) f.add(`using ${n};`, 'usage');
  if (rng.chance(0.15)) f.add('using static IdentityServer4.IdentityServerConstants;', 'usage');
  if (rng.chance(0.15)) f.add('using Is4Client = IdentityServer4.Models.Client;', 'usage');
  f.add('using Microsoft.Extensions.Caching.Memory;');
  f.add('using Microsoft.Extensions.Logging;');
  if (opts.shim && rng.chance(0.3)) f.add('using Legacy.IdentityServer4.Shims;', 'mention');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  if (opts.polish) f.add('    // Zażółć gęślą: komentarz w kodowaniu Windows-1250');
  if (rng.chance(0.4)) f.add('    // Adapted from the IdentityServer4 4.1 quickstart; keep in step with the docs.', 'mention');
  f.add(`    public class ${cls}`);
  f.add('    {');
  f.add(`        private readonly ILogger<${cls}> _logger;`);
  f.add('        private readonly IMemoryCache _cache;');
  if (rng.chance(0.2)) f.add('        private const string LocalScheme = "IdentityServer4";', 'mention');
  if (rng.chance(0.1)) f.add('        private readonly IdentityServer4Settings _settings = new IdentityServer4Settings();', 'mention');
  f.add('');
  const methods = rng.int(1, 5);
  for (let m = 0; m < methods; m++) {
    if (rng.chance(0.5)) {
      f.add(`        public IdentityServer4.Models.Client BuildClient${m}(string clientId)`, 'usage');
      f.add('        {');
      if (rng.chance(0.3)) f.add(`            _logger.LogInformation("IdentityServer4 client {ClientId} built", clientId);`, 'mention');
      f.add('            var client = new IdentityServer4.Models.Client', 'usage');
      f.add('            {');
      f.add('                ClientId = clientId,');
      f.add('                AllowedGrantTypes = IdentityServer4.Models.GrantTypes.ClientCredentials,', 'usage');
      f.add('                AllowedScopes = { IdentityServer4.IdentityServerConstants.StandardScopes.OpenId, "api" },', 'usage');
      f.add('            };');
      f.add('            return client;');
      f.add('        }');
      f.add('');
    } else {
      plainMethods(f, rng, 1, cls);
    }
  }
  f.add('    }');
  if (opts.settings) {
    f.add('');
    f.add('    // A lookalike: our own settings type, not an IdentityServer4 namespace.', 'mention');
    f.add('    public class IdentityServer4Settings', 'mention');
    f.add('    {');
    f.add('        public string Authority { get; set; } = "https://login.contoso.example";');
    f.add('    }');
  }
  f.add('}');
}

/** A file that mentions the token only where it is not ours to change. */
export function mentionOnlyClass(f, rng, ns, cls) {
  for (const u of PLAIN_USINGS) f.add(u);
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add('    // Before the move off IdentityServer4 this talked to the token endpoint directly.', 'mention');
  f.add(`    public class ${cls}`);
  f.add('    {');
  f.add(`        private readonly ILogger<${cls}> _logger;`);
  f.add('        private readonly IMemoryCache _cache;');
  f.add('        public const string LegacyConnection = @"Data Source=(LocalDb)\\MSSQLLocalDB;database=IdentityServer4.Quickstart.EntityFramework-4.0.0;trusted_connection=yes;";', 'mention');
  f.add('        // AddDeveloperSigningCredential is only for development; see the ops runbook.', 'mention');
  f.add('');
  plainMethods(f, rng, rng.int(1, 3), cls);
  f.add('    }');
  f.add('}');
}

/** The lookalike namespace a library declares: Legacy.IdentityServer4.Shims is ours, not IdentityServer4's. */
export function shimClass(f, rng) {
  f.add('using System;');
  f.add('');
  f.add('namespace Legacy.IdentityServer4.Shims', 'mention');
  f.add('{');
  f.add('    public static class ShimExtensions');
  f.add('    {');
  f.add('        public static string Normalize(this string value) => value?.Trim().ToLowerInvariant();');
  f.add('    }');
  f.add('}');
}

export function programCs(f, ns) {
  f.addAll([
    'using Microsoft.AspNetCore.Hosting;',
    'using Microsoft.Extensions.Hosting;',
    '',
    `namespace ${ns}`,
    '{',
    '    public class Program',
    '    {',
    '        public static void Main(string[] args)',
    '        {',
    '            CreateHostBuilder(args).Build().Run();',
    '        }',
    '',
    '        public static IHostBuilder CreateHostBuilder(string[] args) =>',
    '            Host.CreateDefaultBuilder(args)',
    '                .ConfigureWebHostDefaults(webBuilder => webBuilder.UseStartup<Startup>());',
    '    }',
    '}',
  ]);
}

/**
 * A host's Startup in one of the shapes seen in the wild: the quickstart's
 * `builder.AddDeveloperSigningCredential();` statement, the call in the middle of a
 * fluent chain, or the call that ends it.
 */
export function hostStartup(f, rng, ns, p) {
  f.add('using System;');
  f.add('using System.Linq;');
  f.add('using System.Reflection;');
  f.add('using IdentityServer4;', 'usage');
  if (p.ef) {
    f.add('using IdentityServer4.EntityFramework.DbContexts;', 'usage');
    f.add('using IdentityServer4.EntityFramework.Mappers;', 'usage');
  }
  f.add('using Microsoft.AspNetCore.Builder;');
  f.add('using Microsoft.AspNetCore.Hosting;');
  if (p.ef) f.add('using Microsoft.EntityFrameworkCore;');
  f.add('using Microsoft.Extensions.Configuration;');
  f.add('using Microsoft.Extensions.DependencyInjection;');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add('    public class Startup');
  f.add('    {');
  f.add('        public IConfiguration Configuration { get; }');
  f.add('');
  f.add('        public Startup(IConfiguration configuration) => Configuration = configuration;');
  f.add('');
  f.add('        public void ConfigureServices(IServiceCollection services)');
  f.add('        {');
  f.add('            services.AddControllersWithViews();');
  if (p.ef) {
    f.add('            var connectionString = Configuration.GetConnectionString("DefaultConnection");');
    f.add('            var migrationsAssembly = typeof(Startup).GetTypeInfo().Assembly.GetName().Name;');
  }
  f.add('');
  const form = p.devSigning;
  f.add('            var builder = services.AddIdentityServer(options =>');
  f.add('                {');
  f.add('                    options.Events.RaiseErrorEvents = true;');
  f.add('                    options.Events.RaiseFailureEvents = true;');
  f.add('                    options.EmitStaticAudienceClaim = true;');
  f.add('                })');
  const chain = [];
  if (p.ef) {
    chain.push(['                .AddConfigurationStore(options =>']);
    chain.push(['                {']);
    chain.push(['                    options.ConfigureDbContext = b => b.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(migrationsAssembly));']);
    chain.push(['                })']);
    chain.push(['                .AddOperationalStore(options =>']);
    chain.push(['                {']);
    chain.push(['                    options.ConfigureDbContext = b => b.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(migrationsAssembly));']);
    chain.push(['                    options.EnableTokenCleanup = true;']);
    chain.push(['                })']);
  } else {
    chain.push(['                .AddInMemoryIdentityResources(Config.IdentityResources)']);
    chain.push(['                .AddInMemoryApiScopes(Config.ApiScopes)']);
    chain.push(['                .AddInMemoryClients(Config.Clients)']);
  }
  if (p.aspNetIdentity) chain.push(['                .AddAspNetIdentity<ApplicationUser>()']);
  // Right after AddIdentityServer(...): mid-chain, never inside a store's lambda.
  if (form === 'chain-middle' && !p.signingFile) chain.unshift(['                .AddDeveloperSigningCredential()', 'devSigning']);
  if (form === 'chain-end' && !p.signingFile) chain.push(['                .AddDeveloperSigningCredential()', 'devSigning']);
  if (p.signingFile) chain.push(['                .AddContosoSigning(Configuration)']);
  else if (!form) chain.push(['                .AddSigningCredential(LoadCertificate())']);
  // The last line of the chain carries the semicolon.
  const last = chain[chain.length - 1];
  chain[chain.length - 1] = [`${last[0]};`, last[1]];
  for (const [text, kind] of chain) f.add(text, kind);
  if (form === 'statement' && !p.signingFile) {
    f.add('');
    f.add('            // not recommended for production - you need to store your key material somewhere secure');
    f.add('            builder.AddDeveloperSigningCredential();', 'devSigning');
  }
  f.add('');
  f.add('            services.AddAuthentication()');
  f.add('                .AddGoogle(options =>');
  f.add('                {');
  f.add('                    options.SignInScheme = IdentityServerConstants.ExternalCookieAuthenticationScheme;');
  f.add('                    options.ClientId = Configuration["Google:ClientId"];');
  f.add('                    options.ClientSecret = Configuration["Google:ClientSecret"];');
  f.add('                });');
  f.add('        }');
  f.add('');
  f.add('        public void Configure(IApplicationBuilder app)');
  f.add('        {');
  if (p.ef) f.add('            InitializeDatabase(app);');
  f.add('            app.UseStaticFiles();');
  f.add('            app.UseRouting();');
  f.add('            app.UseIdentityServer();');
  f.add('            app.UseAuthorization();');
  f.add('            app.UseEndpoints(endpoints => endpoints.MapDefaultControllerRoute());');
  f.add('        }');
  if (p.ef) {
    f.add('');
    f.add('        private static void InitializeDatabase(IApplicationBuilder app)');
    f.add('        {');
    f.add('            using var scope = app.ApplicationServices.GetService<IServiceScopeFactory>().CreateScope();');
    f.add('            scope.ServiceProvider.GetRequiredService<PersistedGrantDbContext>().Database.Migrate();');
    f.add('            var context = scope.ServiceProvider.GetRequiredService<ConfigurationDbContext>();');
    f.add('            context.Database.Migrate();');
    f.add('            if (!context.Clients.Any())');
    f.add('            {');
    f.add('                foreach (var client in Config.Clients) context.Clients.Add(client.ToEntity());');
    f.add('                context.SaveChanges();');
    f.add('            }');
    f.add('        }');
  }
  if (!form && !p.signingFile) {
    f.add('');
    f.add('        private System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate() =>');
    f.add('            new System.Security.Cryptography.X509Certificates.X509Certificate2(Configuration["Signing:Path"], Configuration["Signing:Password"]);');
  }
  f.add('    }');
  f.add('}');
}

/**
 * Signing set up in an extension method of its own. IIdentityServerBuilder and its
 * extensions live in Microsoft.Extensions.DependencyInjection, so this file names
 * no IdentityServer4 namespace at all (only the call's own name can find it).
 */
export function signingSetup(f, ns, devSigning) {
  f.add('using System.Security.Cryptography.X509Certificates;');
  f.add('using Microsoft.Extensions.Configuration;');
  f.add('using Microsoft.Extensions.DependencyInjection;');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add('    public static class SigningSetup');
  f.add('    {');
  f.add('        public static IIdentityServerBuilder AddContosoSigning(this IIdentityServerBuilder builder, IConfiguration configuration)');
  f.add('        {');
  if (devSigning) f.add('            builder.AddDeveloperSigningCredential();', 'devSigning');
  else f.add('            builder.AddSigningCredential(new X509Certificate2(configuration["Signing:Path"], configuration["Signing:Password"]));');
  f.add('            return builder;');
  f.add('        }');
  f.add('    }');
  f.add('}');
}

export function hostConfig(f, rng, ns) {
  f.add('using System.Collections.Generic;');
  f.add('using IdentityServer4;', 'usage');
  f.add('using IdentityServer4.Models;', 'usage');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add('    public static class Config');
  f.add('    {');
  f.add('        public static IEnumerable<IdentityResource> IdentityResources => new IdentityResource[]');
  f.add('        {');
  f.add('            new IdentityResources.OpenId(),');
  f.add('            new IdentityServer4.Models.IdentityResources.Profile(),', 'usage');
  f.add('        };');
  f.add('');
  f.add('        public static IEnumerable<ApiScope> ApiScopes => new[] { new ApiScope("api1"), new ApiScope("api2") };');
  f.add('');
  f.add('        public static IEnumerable<Client> Clients => new[]');
  f.add('        {');
  const n = rng.int(1, 4);
  for (let i = 0; i < n; i++) {
    f.add('            new Client');
    f.add('            {');
    f.add(`                ClientId = "client${i}",`);
    f.add('                ClientSecrets = { new Secret("secret".Sha256()) },');
    f.add('                AllowedGrantTypes = GrantTypes.Code,');
    f.add('                AllowedScopes = { IdentityServerConstants.StandardScopes.OpenId, "api1" },');
    f.add('            },');
  }
  f.add('        };');
  f.add('    }');
  f.add('}');
}

/** The Quickstart UI's account controller (namespace IdentityServerHost.Quickstart.UI, as in 4.x). */
export function accountController(f) {
  f.add('using System;');
  f.add('using System.Threading.Tasks;');
  f.add('using IdentityServer4.Events;', 'usage');
  f.add('using IdentityServer4.Extensions;', 'usage');
  f.add('using IdentityServer4.Models;', 'usage');
  f.add('using IdentityServer4.Services;', 'usage');
  f.add('using IdentityServer4.Stores;', 'usage');
  f.add('using IdentityServer4.Test;', 'usage');
  f.add('using Microsoft.AspNetCore.Mvc;');
  f.add('');
  f.add('namespace IdentityServerHost.Quickstart.UI');
  f.add('{');
  f.add('    [SecurityHeaders]');
  f.add('    [AllowAnonymous]');
  f.add('    public class AccountController : Controller');
  f.add('    {');
  f.add('        private readonly IIdentityServerInteractionService _interaction;');
  f.add('        private readonly IClientStore _clientStore;');
  f.add('        private readonly IEventService _events;');
  f.add('');
  f.add('        [HttpGet]');
  f.add('        public async Task<IActionResult> Login(string returnUrl)');
  f.add('        {');
  f.add('            var context = await _interaction.GetAuthorizationContextAsync(returnUrl);');
  f.add('            if (context?.IdP != null && await _schemeProvider.GetSchemeAsync(context.IdP) != null)');
  f.add('            {');
  f.add('                return RedirectToAction("Challenge", "External", new { scheme = context.IdP, returnUrl });');
  f.add('            }');
  f.add('            await _events.RaiseAsync(new UserLoginFailureEvent("unknown", "invalid credentials", clientId: context?.Client.ClientId));');
  f.add('            return View();');
  f.add('        }');
  f.add('    }');
  f.add('}');
}

/** An API's Startup using IdentityServer4.AccessTokenValidation, which Duende has no package for. */
export function apiStartup(f, ns) {
  f.add('using IdentityServer4.AccessTokenValidation;', 'atv');
  f.add('using Microsoft.AspNetCore.Builder;');
  f.add('using Microsoft.Extensions.DependencyInjection;');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add('    public class Startup');
  f.add('    {');
  f.add('        public void ConfigureServices(IServiceCollection services)');
  f.add('        {');
  f.add('            services.AddControllers();');
  f.add('            services.AddAuthentication(IdentityServerAuthenticationDefaults.AuthenticationScheme)');
  f.add('                .AddIdentityServerAuthentication(options =>');
  f.add('                {');
  f.add('                    options.Authority = "https://login.contoso.example";');
  f.add('                    options.ApiName = "api1";');
  f.add('                });');
  f.add('        }');
  f.add('');
  f.add('        public void Configure(IApplicationBuilder app)');
  f.add('        {');
  f.add('            app.UseRouting();');
  f.add('            app.UseAuthentication();');
  f.add('            app.UseAuthorization();');
  f.add('            app.UseEndpoints(e => e.MapControllers());');
  f.add('        }');
  f.add('    }');
  f.add('}');
}

const PERSISTED_ENTITIES = ['DeviceFlowCodes', 'PersistedGrant'];
const CONFIG_ENTITIES = ['ApiResource', 'ApiResourceClaim', 'ApiResourceProperty', 'ApiResourceScope', 'ApiResourceSecret', 'ApiScope', 'ApiScopeClaim', 'Client', 'ClientClaim', 'ClientCorsOrigin', 'ClientGrantType', 'ClientRedirectUri', 'ClientScope', 'ClientSecret', 'IdentityResource', 'IdentityResourceClaim'];

export const MIGRATIONS = {
  operational: { context: 'PersistedGrantDbContext', folder: 'PersistedGrantDb', id: '20200702080123_InitialIdentityServerPersistedGrantDbMigration', cls: 'InitialIdentityServerPersistedGrantDbMigration', entities: PERSISTED_ENTITIES },
  configuration: { context: 'ConfigurationDbContext', folder: 'ConfigurationDb', id: '20200702080200_InitialIdentityServerConfigurationDbMigration', cls: 'InitialIdentityServerConfigurationDbMigration', entities: CONFIG_ENTITIES },
};

/** The migration itself: Up/Down, no IdentityServer4 in it (as `dotnet ef` writes it). */
export function migrationCs(f, ns, m) {
  f.add('using System;');
  f.add('using Microsoft.EntityFrameworkCore.Migrations;');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add(`    public partial class ${m.cls} : Migration`);
  f.add('    {');
  f.add('        protected override void Up(MigrationBuilder migrationBuilder)');
  f.add('        {');
  for (const e of m.entities) {
    f.add('            migrationBuilder.CreateTable(');
    f.add(`                name: "${e}s",`);
    f.add('                columns: table => new');
    f.add('                {');
    f.add('                    Id = table.Column<int>(nullable: false).Annotation("SqlServer:Identity", "1, 1"),');
    f.add('                    Created = table.Column<DateTime>(nullable: false)');
    f.add('                },');
    f.add(`                constraints: table => table.PrimaryKey("PK_${e}s", x => x.Id));`);
    f.add('');
  }
  f.add('        }');
  f.add('');
  f.add('        protected override void Down(MigrationBuilder migrationBuilder)');
  f.add('        {');
  for (const e of m.entities) f.add(`            migrationBuilder.DropTable(name: "${e}s");`);
  f.add('        }');
  f.add('    }');
  f.add('}');
}

/** Designer or model snapshot: `using IdentityServer4.EntityFramework.DbContexts;` and entity-name strings. */
export function migrationModel(f, ns, m, snapshot, contextName) {
  f.add('// <auto-generated />');
  f.add('using System;');
  f.add('using IdentityServer4.EntityFramework.DbContexts;', 'usage');
  f.add('using Microsoft.EntityFrameworkCore;');
  f.add('using Microsoft.EntityFrameworkCore.Infrastructure;');
  if (!snapshot) f.add('using Microsoft.EntityFrameworkCore.Migrations;');
  f.add('using Microsoft.EntityFrameworkCore.Storage.ValueConversion;');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add(`    [DbContext(typeof(${contextName}))]`);
  if (snapshot) {
    f.add(`    partial class ${contextName}ModelSnapshot : ModelSnapshot`);
    f.add('    {');
    f.add('        protected override void BuildModel(ModelBuilder modelBuilder)');
  } else {
    f.add(`    [Migration("${m.id}")]`);
    f.add(`    partial class ${m.cls}`);
    f.add('    {');
    f.add('        protected override void BuildTargetModel(ModelBuilder modelBuilder)');
  }
  f.add('        {');
  f.add('#pragma warning disable 612, 618');
  f.add('            modelBuilder');
  f.add('                .HasAnnotation("ProductVersion", "3.1.0")');
  f.add('                .HasAnnotation("Relational:MaxIdentifierLengthOnSqlServer", 128)');
  f.add('                .HasAnnotation("SqlServer:ValueGenerationStrategy", SqlServerValueGenerationStrategy.IdentityColumn);');
  f.add('');
  for (const e of m.entities) {
    f.add(`            modelBuilder.Entity("IdentityServer4.EntityFramework.Entities.${e}", b =>`, 'entity');
    f.add('                {');
    f.add('                    b.Property<int>("Id")');
    f.add('                        .ValueGeneratedOnAdd()');
    f.add('                        .HasColumnType("int")');
    f.add('                        .HasAnnotation("SqlServer:ValueGenerationStrategy", SqlServerValueGenerationStrategy.IdentityColumn);');
    f.add('');
    f.add('                    b.Property<DateTime>("Created")');
    f.add('                        .HasColumnType("datetime2");');
    f.add('');
    f.add('                    b.HasKey("Id");');
    f.add('');
    f.add(`                    b.ToTable("${e}s");`);
    f.add('                });');
    f.add('');
  }
  f.add('#pragma warning restore 612, 618');
  f.add('        }');
  f.add('    }');
  f.add('}');
}

/** A custom operational context, as in the IS4 samples' subclasses. */
export function customContext(f, ns, name) {
  f.add('using IdentityServer4.EntityFramework.DbContexts;', 'usage');
  f.add('using IdentityServer4.EntityFramework.Options;', 'usage');
  f.add('using Microsoft.EntityFrameworkCore;');
  f.add('');
  f.add(`namespace ${ns}`);
  f.add('{');
  f.add(`    public class ${name} : PersistedGrantDbContext<${name}>`);
  f.add('    {');
  f.add(`        public ${name}(DbContextOptions<${name}> options, OperationalStoreOptions storeOptions)`);
  f.add('            : base(options, storeOptions)');
  f.add('        {');
  f.add('        }');
  f.add('    }');
  f.add('}');
}

export function navView(f) {
  f.add('@using IdentityServer4.Extensions', 'usage');
  f.add('@{');
  f.add('    string name = null;');
  f.add('    if (!true.Equals(ViewData["signed-out"]))');
  f.add('    {');
  f.add('        name = Context.User?.GetDisplayName();');
  f.add('    }');
  f.add('}');
  f.add('');
  f.add('<div class="nav-page">');
  f.add('    <nav class="navbar navbar-expand-lg navbar-dark bg-dark">');
  f.add('        <a href="~/" class="navbar-brand">Contoso login</a>');
  f.add('        @if (!string.IsNullOrWhiteSpace(name))');
  f.add('        {');
  f.add('            <a class="nav-link" asp-action="Logout" asp-controller="Account">Logout</a>');
  f.add('        }');
  f.add('    </nav>');
  f.add('</div>');
}

export function homeView(f) {
  f.add('@{');
  f.add('    var version = typeof(IdentityServer4.Hosting.IdentityServerMiddleware).Assembly.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split(\'+\').First();', 'usage');
  f.add('}');
  f.add('');
  f.add('<div class="welcome-page">');
  f.add('    <h1>Welcome to the Contoso login service</h1>');
  f.add('    <p>Version <small class="text-muted">@version</small></p>');
  f.add('    <!-- IdentityServer4 discovery: ~/.well-known/openid-configuration -->', 'mention');
  f.add('</div>');
}

export function plainView(f, rng, title) {
  f.add(`@model ${title}ViewModel`);
  f.add('');
  f.add(`<h2>${title}</h2>`);
  f.add('<table class="table">');
  for (let i = 0; i < rng.int(2, 12); i++) f.add(`    <tr><td>@Model.${rng.pick(WORDS)}${i}</td><td>@Model.Amount${i}.ToString("N2")</td></tr>`);
  f.add('</table>');
}
