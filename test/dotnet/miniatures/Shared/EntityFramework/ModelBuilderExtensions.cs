// The EF model of both stores for every miniature version (see Entities.cs). What each release line
// changed is marked with its SCHEMA_x_y symbol; duende-schemas.json is the reference the
// real-dotnet-schemas test holds this model to.
using System;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
#if IS4
using IdentityServer4.EntityFramework.Entities;
using IdentityServer4.EntityFramework.Options;
#else
using Duende.IdentityServer.EntityFramework.Entities;
using Duende.IdentityServer.EntityFramework.Options;
#endif

#if IS4
namespace IdentityServer4.EntityFramework.Extensions
#else
namespace Duende.IdentityServer.EntityFramework.Extensions
#endif
{
    public static class ModelBuilderExtensions
    {
        private static EntityTypeBuilder<T> MapTo<T>(this EntityTypeBuilder<T> entity, TableConfiguration table) where T : class =>
            string.IsNullOrWhiteSpace(table.Schema) ? entity.ToTable(table.Name) : entity.ToTable(table.Name, table.Schema);

        private static void UseSchema(ModelBuilder modelBuilder, string schema)
        {
            if (!string.IsNullOrWhiteSpace(schema)) modelBuilder.HasDefaultSchema(schema);
        }

        /// <summary>
        /// A child row of a parent (claims, scopes, URIs...): a required string column, and up to 5.2 the
        /// foreign-key index EF makes by itself; from 6.0 one unique index over the parent key and the
        /// given columns, which also serves the foreign key.
        /// </summary>
        private static void ChildIndex<T>(EntityTypeBuilder<T> entity, Expression<Func<T, object>> uniqueColumns) where T : class
        {
#if SCHEMA_6_0
            entity.HasIndex(uniqueColumns).IsUnique();
#endif
        }

        public static void ConfigureClientContext(this ModelBuilder modelBuilder, ConfigurationStoreOptions storeOptions)
        {
            UseSchema(modelBuilder, storeOptions.DefaultSchema);

            modelBuilder.Entity<Client>(e =>
            {
                e.MapTo(storeOptions.Client);
                e.HasKey(x => x.Id);
                e.Property(x => x.ClientId).HasMaxLength(200).IsRequired();
                e.Property(x => x.ProtocolType).HasMaxLength(200).IsRequired();
                e.Property(x => x.ClientName).HasMaxLength(200);
                e.Property(x => x.Description).HasMaxLength(1000);
                e.Property(x => x.ClientUri).HasMaxLength(2000);
                e.Property(x => x.LogoUri).HasMaxLength(2000);
                e.Property(x => x.FrontChannelLogoutUri).HasMaxLength(2000);
                e.Property(x => x.BackChannelLogoutUri).HasMaxLength(2000);
                e.Property(x => x.ClientClaimsPrefix).HasMaxLength(200);
                e.Property(x => x.PairWiseSubjectSalt).HasMaxLength(200);
                e.Property(x => x.UserCodeType).HasMaxLength(100);
                e.Property(x => x.AllowedIdentityTokenSigningAlgorithms).HasMaxLength(100);
#if SCHEMA_6_3
                e.Property(x => x.InitiateLoginUri).HasMaxLength(2000);
#endif
                e.HasIndex(x => x.ClientId).IsUnique();

                e.HasMany(x => x.AllowedGrantTypes).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.RedirectUris).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.PostLogoutRedirectUris).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.AllowedScopes).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.ClientSecrets).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.Claims).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.IdentityProviderRestrictions).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.AllowedCorsOrigins).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.Properties).WithOne(x => x.Client).HasForeignKey(x => x.ClientId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            });

            // 6.0 shortened the redirect URIs from 2000 to 400 characters so they fit a unique index.
#if SCHEMA_6_0
            const int redirectUriLength = 400;
#else
            const int redirectUriLength = 2000;
#endif
            modelBuilder.Entity<ClientGrantType>(e =>
            {
                e.MapTo(storeOptions.ClientGrantType);
                e.Property(x => x.GrantType).HasMaxLength(250).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.GrantType });
            });
            modelBuilder.Entity<ClientRedirectUri>(e =>
            {
                e.MapTo(storeOptions.ClientRedirectUri);
                e.Property(x => x.RedirectUri).HasMaxLength(redirectUriLength).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.RedirectUri });
            });
            modelBuilder.Entity<ClientPostLogoutRedirectUri>(e =>
            {
                e.MapTo(storeOptions.ClientPostLogoutRedirectUri);
                e.Property(x => x.PostLogoutRedirectUri).HasMaxLength(redirectUriLength).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.PostLogoutRedirectUri });
            });
            modelBuilder.Entity<ClientScope>(e =>
            {
                e.MapTo(storeOptions.ClientScopes);
                e.Property(x => x.Scope).HasMaxLength(200).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.Scope });
            });
            modelBuilder.Entity<ClientSecret>(e =>
            {
                e.MapTo(storeOptions.ClientSecret);
                e.Property(x => x.Value).HasMaxLength(4000).IsRequired();
                e.Property(x => x.Type).HasMaxLength(250).IsRequired();
                e.Property(x => x.Description).HasMaxLength(2000);
            });
            modelBuilder.Entity<ClientClaim>(e =>
            {
                e.MapTo(storeOptions.ClientClaim);
                e.Property(x => x.Type).HasMaxLength(250).IsRequired();
                e.Property(x => x.Value).HasMaxLength(250).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.Type, x.Value });
            });
            modelBuilder.Entity<ClientIdPRestriction>(e =>
            {
                e.MapTo(storeOptions.ClientIdPRestriction);
                e.Property(x => x.Provider).HasMaxLength(200).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.Provider });
            });
            modelBuilder.Entity<ClientCorsOrigin>(e =>
            {
                e.MapTo(storeOptions.ClientCorsOrigin);
                e.Property(x => x.Origin).HasMaxLength(150).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.Origin });
            });
            modelBuilder.Entity<ClientProperty>(e =>
            {
                e.MapTo(storeOptions.ClientProperty);
                e.Property(x => x.Key).HasMaxLength(250).IsRequired();
                e.Property(x => x.Value).HasMaxLength(2000).IsRequired();
                ChildIndex(e, x => new { x.ClientId, x.Key });
            });
        }

        public static void ConfigurePersistedGrantContext(this ModelBuilder modelBuilder, OperationalStoreOptions storeOptions)
        {
            UseSchema(modelBuilder, storeOptions.DefaultSchema);

            modelBuilder.Entity<PersistedGrant>(e =>
            {
                e.MapTo(storeOptions.PersistedGrants);
                e.Property(x => x.Type).HasMaxLength(50).IsRequired();
                e.Property(x => x.SubjectId).HasMaxLength(200);
                e.Property(x => x.SessionId).HasMaxLength(100);
                e.Property(x => x.ClientId).HasMaxLength(200).IsRequired();
                e.Property(x => x.Description).HasMaxLength(200);
                e.Property(x => x.CreationTime).IsRequired();
                // More than 4000 characters: nvarchar(max) on SQL Server.
                e.Property(x => x.Data).HasMaxLength(50000).IsRequired();
#if SCHEMA_6_1
                e.Property(x => x.Key).HasMaxLength(200);
                e.HasKey(x => x.Id);
                e.HasIndex(x => x.Key).IsUnique();
#else
                e.Property(x => x.Key).HasMaxLength(200).ValueGeneratedNever();
                e.HasKey(x => x.Key);
#endif
                e.HasIndex(x => new { x.SubjectId, x.ClientId, x.Type });
                e.HasIndex(x => new { x.SubjectId, x.SessionId, x.Type });
                e.HasIndex(x => x.Expiration);
#if SCHEMA_5_2
                // 5.1.
                e.HasIndex(x => x.ConsumedTime);
#endif
            });

            modelBuilder.Entity<DeviceFlowCodes>(e =>
            {
                e.MapTo(storeOptions.DeviceFlowCodes);
                e.Property(x => x.DeviceCode).HasMaxLength(200).IsRequired();
                e.Property(x => x.UserCode).HasMaxLength(200).IsRequired();
                e.Property(x => x.SubjectId).HasMaxLength(200);
                e.Property(x => x.SessionId).HasMaxLength(100);
                e.Property(x => x.ClientId).HasMaxLength(200).IsRequired();
                e.Property(x => x.Description).HasMaxLength(200);
                e.Property(x => x.CreationTime).IsRequired();
                e.Property(x => x.Expiration).IsRequired();
                e.Property(x => x.Data).HasMaxLength(50000).IsRequired();
                e.HasKey(x => new { x.UserCode });
                e.HasIndex(x => x.DeviceCode).IsUnique();
                e.HasIndex(x => x.Expiration);
            });

#if SCHEMA_5_2
            modelBuilder.Entity<Key>(e =>
            {
                e.MapTo(storeOptions.Keys);
                e.HasKey(x => x.Id);
                e.HasIndex(x => x.Use);
                e.Property(x => x.Algorithm).HasMaxLength(100).IsRequired();
                e.Property(x => x.Data).IsRequired();
            });
#endif

#if SCHEMA_6_1
            modelBuilder.Entity<ServerSideSession>(e =>
            {
                e.MapTo(storeOptions.ServerSideSessions);
                e.HasKey(x => x.Id);
                e.Property(x => x.Key).HasMaxLength(100).IsRequired();
                e.Property(x => x.Scheme).HasMaxLength(100).IsRequired();
                e.Property(x => x.SubjectId).HasMaxLength(100).IsRequired();
                e.Property(x => x.SessionId).HasMaxLength(100);
                e.Property(x => x.DisplayName).HasMaxLength(100);
                e.Property(x => x.Data).IsRequired();
                e.HasIndex(x => x.Key).IsUnique();
                e.HasIndex(x => x.Expires);
                e.HasIndex(x => x.SubjectId);
                e.HasIndex(x => x.SessionId);
                e.HasIndex(x => x.DisplayName);
            });
#endif

#if SCHEMA_7_0
            modelBuilder.Entity<PushedAuthorizationRequest>(e =>
            {
                e.MapTo(storeOptions.PushedAuthorizationRequests);
                e.HasKey(x => x.Id);
                e.Property(x => x.ReferenceValueHash).HasMaxLength(64).IsRequired();
                e.Property(x => x.ExpiresAtUtc).IsRequired();
                e.Property(x => x.Parameters).IsRequired();
                e.HasIndex(x => x.ReferenceValueHash).IsUnique();
                e.HasIndex(x => x.ExpiresAtUtc);
            });
#endif

#if SCHEMA_8_0
            modelBuilder.Entity<SamlSigninState>(e =>
            {
                e.MapTo(storeOptions.SamlSigninStates);
                e.HasKey(x => x.Id);
                e.Property(x => x.SerializedState).IsRequired();
                e.Property(x => x.ServiceProviderEntityId).HasMaxLength(200).IsRequired();
                e.HasIndex(x => x.StateId).IsUnique();
                e.HasIndex(x => x.ExpiresAtUtc);
            });
            modelBuilder.Entity<SamlLogoutSession>(e =>
            {
                e.MapTo(storeOptions.SamlLogoutSessions);
                e.HasKey(x => x.Id);
                e.Property(x => x.LogoutId).HasMaxLength(200).IsRequired();
                e.Property(x => x.SerializedSession).IsRequired();
                e.Property(x => x.Version).IsConcurrencyToken();
                e.HasIndex(x => x.LogoutId).IsUnique();
                e.HasIndex(x => x.ExpiresAtUtc);
            });
            modelBuilder.Entity<SamlLogoutSessionRequestIndex>(e =>
            {
                e.MapTo(storeOptions.SamlLogoutSessionRequestIndices);
                e.HasKey(x => x.Id);
                e.Property(x => x.RequestId).HasMaxLength(200).IsRequired();
                e.HasIndex(x => x.RequestId).IsUnique();
                e.HasOne(x => x.SamlLogoutSession).WithMany(x => x.RequestIndices)
                    .HasForeignKey(x => x.SamlLogoutSessionId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            });
#endif
        }

        public static void ConfigureResourcesContext(this ModelBuilder modelBuilder, ConfigurationStoreOptions storeOptions)
        {
            UseSchema(modelBuilder, storeOptions.DefaultSchema);

            modelBuilder.Entity<IdentityResource>(e =>
            {
                e.MapTo(storeOptions.IdentityResource).HasKey(x => x.Id);
                e.Property(x => x.Name).HasMaxLength(200).IsRequired();
                e.Property(x => x.DisplayName).HasMaxLength(200);
                e.Property(x => x.Description).HasMaxLength(1000);
                e.HasIndex(x => x.Name).IsUnique();
                e.HasMany(x => x.UserClaims).WithOne(x => x.IdentityResource).HasForeignKey(x => x.IdentityResourceId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.Properties).WithOne(x => x.IdentityResource).HasForeignKey(x => x.IdentityResourceId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            });
            modelBuilder.Entity<IdentityResourceClaim>(e =>
            {
                e.MapTo(storeOptions.IdentityResourceClaim).HasKey(x => x.Id);
                e.Property(x => x.Type).HasMaxLength(200).IsRequired();
                ChildIndex(e, x => new { x.IdentityResourceId, x.Type });
            });
            modelBuilder.Entity<IdentityResourceProperty>(e =>
            {
                e.MapTo(storeOptions.IdentityResourceProperty);
                e.Property(x => x.Key).HasMaxLength(250).IsRequired();
                e.Property(x => x.Value).HasMaxLength(2000).IsRequired();
                ChildIndex(e, x => new { x.IdentityResourceId, x.Key });
            });

            modelBuilder.Entity<ApiResource>(e =>
            {
                e.MapTo(storeOptions.ApiResource).HasKey(x => x.Id);
                e.Property(x => x.Name).HasMaxLength(200).IsRequired();
                e.Property(x => x.DisplayName).HasMaxLength(200);
                e.Property(x => x.Description).HasMaxLength(1000);
                e.Property(x => x.AllowedAccessTokenSigningAlgorithms).HasMaxLength(100);
                e.HasIndex(x => x.Name).IsUnique();
                e.HasMany(x => x.Secrets).WithOne(x => x.ApiResource).HasForeignKey(x => x.ApiResourceId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.Scopes).WithOne(x => x.ApiResource).HasForeignKey(x => x.ApiResourceId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.UserClaims).WithOne(x => x.ApiResource).HasForeignKey(x => x.ApiResourceId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.Properties).WithOne(x => x.ApiResource).HasForeignKey(x => x.ApiResourceId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            });
            modelBuilder.Entity<ApiResourceSecret>(e =>
            {
                e.MapTo(storeOptions.ApiResourceSecret).HasKey(x => x.Id);
                e.Property(x => x.Description).HasMaxLength(1000);
                e.Property(x => x.Value).HasMaxLength(4000).IsRequired();
                e.Property(x => x.Type).HasMaxLength(250).IsRequired();
            });
            modelBuilder.Entity<ApiResourceClaim>(e =>
            {
                e.MapTo(storeOptions.ApiResourceClaim).HasKey(x => x.Id);
                e.Property(x => x.Type).HasMaxLength(200).IsRequired();
                ChildIndex(e, x => new { x.ApiResourceId, x.Type });
            });
            modelBuilder.Entity<ApiResourceScope>(e =>
            {
                e.MapTo(storeOptions.ApiResourceScope).HasKey(x => x.Id);
                e.Property(x => x.Scope).HasMaxLength(200).IsRequired();
                ChildIndex(e, x => new { x.ApiResourceId, x.Scope });
            });
            modelBuilder.Entity<ApiResourceProperty>(e =>
            {
                e.MapTo(storeOptions.ApiResourceProperty);
                e.Property(x => x.Key).HasMaxLength(250).IsRequired();
                e.Property(x => x.Value).HasMaxLength(2000).IsRequired();
                ChildIndex(e, x => new { x.ApiResourceId, x.Key });
            });

            modelBuilder.Entity<ApiScope>(e =>
            {
                e.MapTo(storeOptions.ApiScope).HasKey(x => x.Id);
                e.Property(x => x.Name).HasMaxLength(200).IsRequired();
                e.Property(x => x.DisplayName).HasMaxLength(200);
                e.Property(x => x.Description).HasMaxLength(1000);
                e.HasIndex(x => x.Name).IsUnique();
                e.HasMany(x => x.UserClaims).WithOne(x => x.Scope).HasForeignKey(x => x.ScopeId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.Properties).WithOne(x => x.Scope).HasForeignKey(x => x.ScopeId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            });
            modelBuilder.Entity<ApiScopeClaim>(e =>
            {
                e.MapTo(storeOptions.ApiScopeClaim).HasKey(x => x.Id);
                e.Property(x => x.Type).HasMaxLength(200).IsRequired();
                ChildIndex(e, x => new { x.ScopeId, x.Type });
            });
            modelBuilder.Entity<ApiScopeProperty>(e =>
            {
                e.MapTo(storeOptions.ApiScopeProperty).HasKey(x => x.Id);
                e.Property(x => x.Key).HasMaxLength(250).IsRequired();
                e.Property(x => x.Value).HasMaxLength(2000).IsRequired();
                ChildIndex(e, x => new { x.ScopeId, x.Key });
            });
        }

#if SCHEMA_5_2
        public static void ConfigureIdentityProviderContext(this ModelBuilder modelBuilder, ConfigurationStoreOptions storeOptions)
        {
            UseSchema(modelBuilder, storeOptions.DefaultSchema);

            modelBuilder.Entity<IdentityProvider>(e =>
            {
                e.MapTo(storeOptions.IdentityProvider).HasKey(x => x.Id);
                e.Property(x => x.Scheme).HasMaxLength(200).IsRequired();
                e.Property(x => x.Type).HasMaxLength(20).IsRequired();
                e.Property(x => x.DisplayName).HasMaxLength(200);
#if SCHEMA_6_0
                // 5.2 had no index on the scheme; 6.0 made it unique.
                e.HasIndex(x => x.Scheme).IsUnique();
#endif
            });
        }
#endif

#if SCHEMA_8_0
        public static void ConfigureSamlServiceProviderContext(this ModelBuilder modelBuilder, ConfigurationStoreOptions storeOptions)
        {
            UseSchema(modelBuilder, storeOptions.DefaultSchema);

            modelBuilder.Entity<SamlServiceProvider>(e =>
            {
                e.MapTo(storeOptions.SamlServiceProvider);
                e.HasKey(x => x.Id);
                e.Property(x => x.EntityId).HasMaxLength(200).IsRequired();
                e.Property(x => x.DisplayName).HasMaxLength(200);
                e.Property(x => x.Description).HasMaxLength(1000);
                e.Property(x => x.SingleLogoutServiceLocation).HasMaxLength(400);
                e.Property(x => x.DefaultNameIdFormat).HasMaxLength(2000);
                e.Property(x => x.EmailNameIdClaimType).HasMaxLength(200);
                e.HasIndex(x => x.EntityId).IsUnique();
                e.HasMany(x => x.AssertionConsumerServiceUrls).WithOne(x => x.SamlServiceProvider).HasForeignKey(x => x.SamlServiceProviderId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.Certificates).WithOne(x => x.SamlServiceProvider).HasForeignKey(x => x.SamlServiceProviderId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.ClaimMappings).WithOne(x => x.SamlServiceProvider).HasForeignKey(x => x.SamlServiceProviderId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.AuthnContextMappings).WithOne(x => x.SamlServiceProvider).HasForeignKey(x => x.SamlServiceProviderId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.AllowedScopes).WithOne(x => x.SamlServiceProvider).HasForeignKey(x => x.SamlServiceProviderId).IsRequired().OnDelete(DeleteBehavior.Cascade);
                e.HasMany(x => x.RequestedClaimTypes).WithOne(x => x.SamlServiceProvider).HasForeignKey(x => x.SamlServiceProviderId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            });
            modelBuilder.Entity<SamlAssertionConsumerService>(e =>
            {
                e.MapTo(storeOptions.SamlAssertionConsumerService);
                e.Property(x => x.Location).HasMaxLength(400).IsRequired();
                e.Property(x => x.Binding).HasMaxLength(200).IsRequired();
                e.HasIndex(x => new { x.SamlServiceProviderId, x.Location }).IsUnique();
            });
            modelBuilder.Entity<SamlCertificate>(e =>
            {
                e.MapTo(storeOptions.SamlCertificate);
                e.Property(x => x.Data).HasMaxLength(4000).IsRequired();
            });
            modelBuilder.Entity<SamlClaimMapping>(e =>
            {
                e.MapTo(storeOptions.SamlClaimMapping);
                e.Property(x => x.ClaimType).HasMaxLength(250).IsRequired();
                e.Property(x => x.SamlAttributeName).HasMaxLength(250).IsRequired();
                e.HasIndex(x => new { x.SamlServiceProviderId, x.ClaimType }).IsUnique();
            });
            modelBuilder.Entity<SamlAuthnContextMapping>(e =>
            {
                e.MapTo(storeOptions.SamlAuthnContextMapping);
                e.Property(x => x.OidcValue).HasMaxLength(250).IsRequired();
                e.Property(x => x.SamlAuthnContextClassRef).HasMaxLength(500).IsRequired();
                e.HasIndex(x => new { x.SamlServiceProviderId, x.OidcValue }).IsUnique();
            });
            modelBuilder.Entity<SamlAllowedScope>(e =>
            {
                e.MapTo(storeOptions.SamlAllowedScope);
                e.Property(x => x.Scope).HasMaxLength(200).IsRequired();
                e.HasIndex(x => new { x.SamlServiceProviderId, x.Scope }).IsUnique();
            });
            modelBuilder.Entity<SamlRequestedClaimType>(e =>
            {
                e.MapTo(storeOptions.SamlRequestedClaimType);
                e.Property(x => x.ClaimType).HasMaxLength(250).IsRequired();
                e.HasIndex(x => new { x.SamlServiceProviderId, x.ClaimType }).IsUnique();
            });
        }
#endif
    }
}
