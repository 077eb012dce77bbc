// The two store contexts of every miniature version (see Entities.cs for the SCHEMA_x_y symbols).
// Up to 5.2 the store options are a constructor argument; from 6.0 a settable StoreOptions property,
// else the options registered in DI.
using System;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
#if IS4
using IdentityServer4.EntityFramework.Entities;
using IdentityServer4.EntityFramework.Extensions;
using IdentityServer4.EntityFramework.Interfaces;
using IdentityServer4.EntityFramework.Options;
#else
using Duende.IdentityServer.EntityFramework.Entities;
using Duende.IdentityServer.EntityFramework.Extensions;
using Duende.IdentityServer.EntityFramework.Interfaces;
using Duende.IdentityServer.EntityFramework.Options;
#endif

#if IS4
namespace IdentityServer4.EntityFramework.DbContexts
#else
namespace Duende.IdentityServer.EntityFramework.DbContexts
#endif
{
    public class PersistedGrantDbContext<TContext> : DbContext, IPersistedGrantDbContext
        where TContext : DbContext, IPersistedGrantDbContext
    {
#if SCHEMA_6_0
        public OperationalStoreOptions StoreOptions { get; set; }

        public PersistedGrantDbContext(DbContextOptions<TContext> options) : base(options) { }
#else
        private readonly OperationalStoreOptions _storeOptions;

        public PersistedGrantDbContext(DbContextOptions<TContext> options, OperationalStoreOptions storeOptions) : base(options)
        {
            _storeOptions = storeOptions ?? throw new ArgumentNullException(nameof(storeOptions));
        }
#endif

        public DbSet<PersistedGrant> PersistedGrants { get; set; }
        public DbSet<DeviceFlowCodes> DeviceFlowCodes { get; set; }
#if SCHEMA_5_2
        public DbSet<Key> Keys { get; set; }
#endif
#if SCHEMA_6_1
        public DbSet<ServerSideSession> ServerSideSessions { get; set; }
#endif
#if SCHEMA_7_0
        public DbSet<PushedAuthorizationRequest> PushedAuthorizationRequests { get; set; }
#endif
#if SCHEMA_8_0
        public DbSet<SamlSigninState> SamlSigninStates { get; set; }
        public DbSet<SamlLogoutSession> SamlLogoutSessions { get; set; }
        public DbSet<SamlLogoutSessionRequestIndex> SamlLogoutSessionRequestIndices { get; set; }
#endif

#if IS4
        public virtual Task<int> SaveChangesAsync() => base.SaveChangesAsync();
#endif

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
#if SCHEMA_6_0
            StoreOptions ??= this.GetService<OperationalStoreOptions>()
                ?? throw new ArgumentNullException(nameof(StoreOptions), "OperationalStoreOptions must be configured in the DI system.");
            modelBuilder.ConfigurePersistedGrantContext(StoreOptions);
#else
            modelBuilder.ConfigurePersistedGrantContext(_storeOptions);
#endif
            base.OnModelCreating(modelBuilder);
        }
    }

    public class PersistedGrantDbContext : PersistedGrantDbContext<PersistedGrantDbContext>
    {
#if SCHEMA_6_0
        public PersistedGrantDbContext(DbContextOptions<PersistedGrantDbContext> options) : base(options) { }
#else
        public PersistedGrantDbContext(DbContextOptions<PersistedGrantDbContext> options, OperationalStoreOptions storeOptions)
            : base(options, storeOptions) { }
#endif
    }

    public class ConfigurationDbContext<TContext> : DbContext, IConfigurationDbContext
        where TContext : DbContext, IConfigurationDbContext
    {
#if SCHEMA_6_0
        public ConfigurationStoreOptions StoreOptions { get; set; }

        public ConfigurationDbContext(DbContextOptions<TContext> options) : base(options) { }
#else
        private readonly ConfigurationStoreOptions _storeOptions;

        public ConfigurationDbContext(DbContextOptions<TContext> options, ConfigurationStoreOptions storeOptions) : base(options)
        {
            _storeOptions = storeOptions ?? throw new ArgumentNullException(nameof(storeOptions));
        }
#endif

        public DbSet<Client> Clients { get; set; }
        public DbSet<ClientCorsOrigin> ClientCorsOrigins { get; set; }
        public DbSet<IdentityResource> IdentityResources { get; set; }
        public DbSet<ApiResource> ApiResources { get; set; }
        public DbSet<ApiScope> ApiScopes { get; set; }
#if SCHEMA_5_2
        public DbSet<IdentityProvider> IdentityProviders { get; set; }
#endif
#if SCHEMA_8_0
        public DbSet<SamlServiceProvider> SamlServiceProviders { get; set; }
#endif

#if IS4
        public virtual Task<int> SaveChangesAsync() => base.SaveChangesAsync();
#endif

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
#if SCHEMA_6_0
            StoreOptions ??= this.GetService<ConfigurationStoreOptions>()
                ?? throw new ArgumentNullException(nameof(StoreOptions), "ConfigurationStoreOptions must be configured in the DI system.");
            var storeOptions = StoreOptions;
#else
            var storeOptions = _storeOptions;
#endif
            modelBuilder.ConfigureClientContext(storeOptions);
            modelBuilder.ConfigureResourcesContext(storeOptions);
#if SCHEMA_5_2
            modelBuilder.ConfigureIdentityProviderContext(storeOptions);
#endif
#if SCHEMA_8_0
            modelBuilder.ConfigureSamlServiceProviderContext(storeOptions);
#endif
            base.OnModelCreating(modelBuilder);
        }
    }

    public class ConfigurationDbContext : ConfigurationDbContext<ConfigurationDbContext>
    {
#if SCHEMA_6_0
        public ConfigurationDbContext(DbContextOptions<ConfigurationDbContext> options) : base(options) { }
#else
        public ConfigurationDbContext(DbContextOptions<ConfigurationDbContext> options, ConfigurationStoreOptions storeOptions)
            : base(options, storeOptions) { }
#endif
    }
}
