// Store options of every miniature version (see Entities.cs for the SCHEMA_x_y symbols).
using System;
using Microsoft.EntityFrameworkCore;

#if IS4
namespace IdentityServer4.EntityFramework.Options
#else
namespace Duende.IdentityServer.EntityFramework.Options
#endif
{
    public class TableConfiguration
    {
        public TableConfiguration(string name) { Name = name; }
        public TableConfiguration(string name, string schema) { Name = name; Schema = schema; }
        public string Name { get; set; }
        public string Schema { get; set; }
    }

    public class ConfigurationStoreOptions
    {
        public Action<DbContextOptionsBuilder> ConfigureDbContext { get; set; }
        public Action<IServiceProvider, DbContextOptionsBuilder> ResolveDbContextOptions { get; set; }
        public string DefaultSchema { get; set; }

        public TableConfiguration IdentityResource { get; set; } = new TableConfiguration("IdentityResources");
        public TableConfiguration IdentityResourceClaim { get; set; } = new TableConfiguration("IdentityResourceClaims");
        public TableConfiguration IdentityResourceProperty { get; set; } = new TableConfiguration("IdentityResourceProperties");
        public TableConfiguration ApiResource { get; set; } = new TableConfiguration("ApiResources");
        public TableConfiguration ApiResourceSecret { get; set; } = new TableConfiguration("ApiResourceSecrets");
        public TableConfiguration ApiResourceScope { get; set; } = new TableConfiguration("ApiResourceScopes");
        public TableConfiguration ApiResourceClaim { get; set; } = new TableConfiguration("ApiResourceClaims");
        public TableConfiguration ApiResourceProperty { get; set; } = new TableConfiguration("ApiResourceProperties");
        public TableConfiguration Client { get; set; } = new TableConfiguration("Clients");
        public TableConfiguration ClientGrantType { get; set; } = new TableConfiguration("ClientGrantTypes");
        public TableConfiguration ClientRedirectUri { get; set; } = new TableConfiguration("ClientRedirectUris");
        public TableConfiguration ClientPostLogoutRedirectUri { get; set; } = new TableConfiguration("ClientPostLogoutRedirectUris");
        public TableConfiguration ClientScopes { get; set; } = new TableConfiguration("ClientScopes");
        public TableConfiguration ClientSecret { get; set; } = new TableConfiguration("ClientSecrets");
        public TableConfiguration ClientClaim { get; set; } = new TableConfiguration("ClientClaims");
        public TableConfiguration ClientIdPRestriction { get; set; } = new TableConfiguration("ClientIdPRestrictions");
        public TableConfiguration ClientCorsOrigin { get; set; } = new TableConfiguration("ClientCorsOrigins");
        public TableConfiguration ClientProperty { get; set; } = new TableConfiguration("ClientProperties");
        public TableConfiguration ApiScope { get; set; } = new TableConfiguration("ApiScopes");
        public TableConfiguration ApiScopeClaim { get; set; } = new TableConfiguration("ApiScopeClaims");
        public TableConfiguration ApiScopeProperty { get; set; } = new TableConfiguration("ApiScopeProperties");
#if SCHEMA_5_2
        public TableConfiguration IdentityProvider { get; set; } = new TableConfiguration("IdentityProviders");
#endif
#if SCHEMA_8_0
        public TableConfiguration SamlServiceProvider { get; set; } = new TableConfiguration("SamlServiceProviders");
        public TableConfiguration SamlAssertionConsumerService { get; set; } = new TableConfiguration("SamlAssertionConsumerServices");
        public TableConfiguration SamlCertificate { get; set; } = new TableConfiguration("SamlCertificates");
        public TableConfiguration SamlClaimMapping { get; set; } = new TableConfiguration("SamlClaimMappings");
        public TableConfiguration SamlAuthnContextMapping { get; set; } = new TableConfiguration("SamlAuthnContextMappings");
        public TableConfiguration SamlAllowedScope { get; set; } = new TableConfiguration("SamlAllowedScopes");
        public TableConfiguration SamlRequestedClaimType { get; set; } = new TableConfiguration("SamlRequestedClaimTypes");
#endif
#if SCHEMA_6_0
        public bool EnablePooling { get; set; }
        public int? PoolSize { get; set; }
#endif
    }

    public class OperationalStoreOptions
    {
        public Action<DbContextOptionsBuilder> ConfigureDbContext { get; set; }
        public Action<IServiceProvider, DbContextOptionsBuilder> ResolveDbContextOptions { get; set; }
        public string DefaultSchema { get; set; }

        public TableConfiguration PersistedGrants { get; set; } = new TableConfiguration("PersistedGrants");
        public TableConfiguration DeviceFlowCodes { get; set; } = new TableConfiguration("DeviceCodes");
#if SCHEMA_5_2
        public TableConfiguration Keys { get; set; } = new TableConfiguration("Keys");
#endif
#if SCHEMA_6_1
        public TableConfiguration ServerSideSessions { get; set; } = new TableConfiguration("ServerSideSessions");
#endif
#if SCHEMA_7_0
        public TableConfiguration PushedAuthorizationRequests { get; set; } = new TableConfiguration("PushedAuthorizationRequests");
#endif
#if SCHEMA_8_0
        public TableConfiguration SamlSigninStates { get; set; } = new TableConfiguration("SamlSigninStates");
        public TableConfiguration SamlLogoutSessions { get; set; } = new TableConfiguration("SamlLogoutSessions");
        public TableConfiguration SamlLogoutSessionRequestIndices { get; set; } = new TableConfiguration("SamlLogoutSessionRequestIndices");
#endif

        public bool EnableTokenCleanup { get; set; }
#if SCHEMA_6_0
        public bool RemoveConsumedTokens { get; set; }
        public int ConsumedTokenCleanupDelay { get; set; }
        public bool FuzzTokenCleanupStart { get; set; } = true;
        public bool EnablePooling { get; set; }
        public int? PoolSize { get; set; }
#endif
        public int TokenCleanupInterval { get; set; } = 3600;
        public int TokenCleanupBatchSize { get; set; } = 100;
    }
}
