/**
 * Which database the database step will change, as the wizard shows it: the
 * provider, the connection string with its secrets masked, and where it comes
 * from. The classes vary how the code hands the string to Use*: a literal in the
 * call, a variable or constant holding a literal (verbatim or not), a
 * configuration read by name, by indexer or by section, a name hidden in a
 * constant, and appsettings files that override each other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dataTarget, targetLines } from '../../../src/core/db/connection.js';
import { Workspace } from '../../../src/core/workspace.js';
import { removeDir } from '../../helpers/cli.js';
import { writeTree } from '../scan/tree.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

const startup = (body: string, using = '') => `using Microsoft.EntityFrameworkCore;\n${using}\nnamespace Host\n{\n    public class Startup\n    {\n        public void ConfigureServices(IServiceCollection services)\n        {\n${body}\n        }\n    }\n}\n`;

function target(files: Record<string, string>) {
  const dir = writeTree({ 'Host/Host.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />\n', ...files });
  dirs.push(dir);
  const t = dataTarget(new Workspace(dir), ['Host/Startup.cs'], 'Host/Host.csproj');
  return { t, lines: targetLines(t) };
}

const SETTINGS = '{\n  "Logging": {},\n  "ConnectionStrings": {\n    "Other": "Server=x",\n    "Ids": "Server=db;Database=ids;User Id=sa;Password=s3cret;"\n  }\n}\n';

describe('the database the step changes', () => {
  it('a string literal in the Use* call: its file and line, password masked', () => {
    const { lines } = target({ 'Host/Startup.cs': startup('            services.AddDbContext<X>(o =>\n                o.UseSqlServer("Server=db;Database=ids;Password=s3cret;"));') });
    expect(lines).toEqual(['Database: SQL Server · Host/Startup.cs:10 · Server=db;Database=ids;Password=***;']);
  });

  it('a variable or constant holding a verbatim literal, followed to its line', () => {
    const { lines } = target({ 'Host/Startup.cs': startup('            const string cs = @"Data Source=(LocalDb)\\MSSQLLocalDB;database=Ids;trusted_connection=yes;";\n            services.AddDbContext<X>(o => o.UseSqlServer(cs, sql => sql.MigrationsAssembly("Host")));') });
    expect(lines).toEqual(['Database: SQL Server · Host/Startup.cs:9 · Data Source=(LocalDb)\\MSSQLLocalDB;database=Ids;trusted_connection=yes;']);
  });

  it('GetConnectionString("Ids") through a variable: the key in appsettings.json, with its line', () => {
    const { t, lines } = target({
      'Host/Startup.cs': startup('            var connectionString = Configuration.GetConnectionString("Ids");\n            services.AddDbContext<X>(o => o.UseNpgsql(connectionString));'),
      'Host/appsettings.json': SETTINGS,
    });
    expect(t.key).toBe('ConnectionStrings:Ids');
    expect(lines).toEqual(['Database: PostgreSQL · Host/appsettings.json:5 (ConnectionStrings:Ids) · Server=db;Database=ids;User Id=sa;Password=***;']);
  });

  it("ASP.NET Identity's context registered first with another connection string: the stores' own Use* call decides", () => {
    const settings = '{\n  "ConnectionStrings": {\n    "Users": "Data Source=AspIdUsers.db;",\n    "Configuration": "Data Source=IdentityServer.db;"\n  }\n}\n';
    for (const store of ['AddConfigurationStore', 'AddOperationalStore']) {
      const { t, lines } = target({
        'Host/Startup.cs': startup(
          `            services.AddDbContext<ApplicationDbContext>(o => o.UseSqlite(Configuration.GetConnectionString("Users")));\n            var connectionString = Configuration.GetConnectionString("Configuration");\n            services.AddIdentityServer()\n                .${store}(options =>\n                    options.ConfigureDbContext = b => b.UseSqlite(connectionString, sql => sql.MigrationsAssembly("Host")));`,
        ),
        'Host/appsettings.json': settings,
      });
      expect(t.key, store).toBe('ConnectionStrings:Configuration');
      expect(lines, store).toEqual(['Database: SQLite · Host/appsettings.json:4 (ConnectionStrings:Configuration) · Data Source=IdentityServer.db;']);
    }
  });

  it('an indexer or a section read names the same key', () => {
    for (const read of ['Configuration["ConnectionStrings:Ids"]', 'Configuration.GetSection("ConnectionStrings")["Ids"]']) {
      const { lines } = target({ 'Host/Startup.cs': startup(`            services.AddDbContext<X>(o => o.UseSqlite(${read}));`), 'Host/appsettings.json': SETTINGS });
      expect(lines, read).toEqual(['Database: SQLite · Host/appsettings.json:5 (ConnectionStrings:Ids) · Server=db;Database=ids;User Id=sa;Password=***;']);
    }
  });

  it('an environment file that sets it too is listed after, as the one that overrides it there', () => {
    const { lines } = target({
      'Host/Startup.cs': startup('            services.AddDbContext<X>(o => o.UseSqlServer(Configuration.GetConnectionString("Ids")));'),
      'Host/appsettings.json': SETTINGS,
      'Host/appsettings.Development.json': '{\n  "ConnectionStrings": { "Ids": "postgres://app:pw@localhost/ids" }\n}\n',
    });
    expect(lines).toEqual([
      'Database: SQL Server · Host/appsettings.json:5 (ConnectionStrings:Ids) · Server=db;Database=ids;User Id=sa;Password=***;',
      'Database: SQL Server · Host/appsettings.Development.json:2 (ConnectionStrings:Ids), which overrides it in that environment · postgres://app:***@localhost/ids',
    ]);
  });

  it('a name hidden in a constant: the one connection string of appsettings.json', () => {
    const { lines } = target({
      'Host/Startup.cs': startup('            var cs = Configuration.GetConnectionString(Names.Store);\n            services.AddDbContext<X>(o => o.UseSqlServer(cs));'),
      'Host/appsettings.json': '{\n  "ConnectionStrings": {\n    "Store": "Server=db;Pwd=x"\n  }\n}\n',
    });
    expect(lines).toEqual(['Database: SQL Server · Host/appsettings.json:3 (ConnectionStrings:Store) · Server=db;Pwd=***']);
  });

  it('a key set nowhere in the files: said so, with where else it can come from', () => {
    const { lines } = target({ 'Host/Startup.cs': startup('            services.AddDbContext<X>(o => o.UseSqlServer(Configuration.GetConnectionString("Ids")));') });
    expect(lines).toEqual(['Database: SQL Server · connection string from configuration key ConnectionStrings:Ids, not set in appsettings*.json (an environment variable ConnectionStrings__Ids or user secrets may set it)']);
  });

  it('a commented-out call is not the one used', () => {
    const { lines } = target({ 'Host/Startup.cs': startup('            // o.UseSqlite("Data Source=old.db")\n            services.AddDbContext<X>(o => o.UseSqlServer("Server=new"));') });
    expect(lines).toEqual(['Database: SQL Server · Host/Startup.cs:10 · Server=new']);
  });
});
