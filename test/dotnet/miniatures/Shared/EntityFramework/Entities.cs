// The store entities of every miniature version, one source for all of them (test/dotnet/README.md,
// "One model source"). Column sets follow duende-schemas.json; the SCHEMA_x_y symbols are cumulative and
// mark the release line that brought a column or table.
using System;
using System.Collections.Generic;
#if !IS4
using Duende.IdentityServer.Models;
#endif

// Entity CLR names matter: EF model snapshots record them as strings.
#if IS4
namespace IdentityServer4.EntityFramework.Entities
#else
namespace Duende.IdentityServer.EntityFramework.Entities
#endif
{
    public abstract class Secret
    {
        public int Id { get; set; }
        public string Description { get; set; }
        public string Value { get; set; }
        public DateTime? Expiration { get; set; }
        public string Type { get; set; } = "SharedSecret";
        public DateTime Created { get; set; } = DateTime.UtcNow;
    }

    public abstract class Property
    {
        public int Id { get; set; }
        public string Key { get; set; }
        public string Value { get; set; }
    }

    public abstract class UserClaim
    {
        public int Id { get; set; }
        public string Type { get; set; }
    }

    // ---- operational store ----

    public class PersistedGrant
    {
#if SCHEMA_6_1
        // 6.1: a surrogate key; Key becomes nullable with a unique index.
        public long Id { get; set; }
#endif
        public string Key { get; set; }
        public string Type { get; set; }
        public string SubjectId { get; set; }
        public string SessionId { get; set; }
        public string ClientId { get; set; }
        public string Description { get; set; }
        public DateTime CreationTime { get; set; }
        public DateTime? Expiration { get; set; }
        public DateTime? ConsumedTime { get; set; }
        public string Data { get; set; }
    }

    public class DeviceFlowCodes
    {
        public string DeviceCode { get; set; }
        public string UserCode { get; set; }
        public string SubjectId { get; set; }
        public string SessionId { get; set; }
        public string ClientId { get; set; }
        public string Description { get; set; }
        public DateTime CreationTime { get; set; }
        public DateTime? Expiration { get; set; }
        public string Data { get; set; }
    }

#if SCHEMA_5_2
    // 5.0: signing keys made by automatic key management.
    public class Key
    {
        public string Id { get; set; }
        public int Version { get; set; }
        public DateTime Created { get; set; }
        public string Use { get; set; }
        public string Algorithm { get; set; }
        public bool IsX509Certificate { get; set; }
        public bool DataProtected { get; set; }
        public string Data { get; set; }
    }
#endif

#if SCHEMA_6_1
    // 6.1: server-side sessions; the key is a bigint from 7.0 (int in 6.1-6.3).
    public class ServerSideSession
    {
#if SCHEMA_7_0
        public long Id { get; set; }
#else
        public int Id { get; set; }
#endif
        public string Key { get; set; }
        public string Scheme { get; set; }
        public string SubjectId { get; set; }
        public string SessionId { get; set; }
        public string DisplayName { get; set; }
        public DateTime Created { get; set; }
        public DateTime Renewed { get; set; }
        public DateTime? Expires { get; set; }
        public string Data { get; set; }
    }
#endif

#if SCHEMA_7_0
    // 7.0: pushed authorization requests (PAR).
    public class PushedAuthorizationRequest
    {
        public long Id { get; set; }
        public string ReferenceValueHash { get; set; }
        public DateTime ExpiresAtUtc { get; set; }
        public string Parameters { get; set; }
    }
#endif

#if SCHEMA_8_0
    // 8.0: SAML 2.0 identity provider state.
    public class SamlSigninState
    {
        public long Id { get; set; }
        public Guid StateId { get; set; }
        public string SerializedState { get; set; }
        public DateTime ExpiresAtUtc { get; set; }
        public string ServiceProviderEntityId { get; set; }
    }

    public class SamlLogoutSession
    {
        public long Id { get; set; }
        public string LogoutId { get; set; }
        public string SerializedSession { get; set; }
        public DateTime ExpiresAtUtc { get; set; }
        // uint maps to bigint; a concurrency token.
        public uint Version { get; set; }
        public ICollection<SamlLogoutSessionRequestIndex> RequestIndices { get; set; }
    }

    public class SamlLogoutSessionRequestIndex
    {
        public long Id { get; set; }
        public string RequestId { get; set; }
        public long SamlLogoutSessionId { get; set; }
        public SamlLogoutSession SamlLogoutSession { get; set; }
    }
#endif

    // ---- configuration store: clients ----

    public class Client
    {
        public int Id { get; set; }
        public bool Enabled { get; set; } = true;
        public string ClientId { get; set; }
        public string ProtocolType { get; set; } = "oidc";
        public List<ClientSecret> ClientSecrets { get; set; }
        public bool RequireClientSecret { get; set; } = true;
        public string ClientName { get; set; }
        public string Description { get; set; }
        public string ClientUri { get; set; }
        public string LogoUri { get; set; }
        public bool RequireConsent { get; set; }
        public bool AllowRememberConsent { get; set; } = true;
        public bool AlwaysIncludeUserClaimsInIdToken { get; set; }
        public List<ClientGrantType> AllowedGrantTypes { get; set; }
        public bool RequirePkce { get; set; } = true;
        public bool AllowPlainTextPkce { get; set; }
        public bool RequireRequestObject { get; set; }
        public bool AllowAccessTokensViaBrowser { get; set; }
#if SCHEMA_6_3
        public bool RequireDPoP { get; set; }
        public DPoPTokenExpirationValidationMode DPoPValidationMode { get; set; }
        public TimeSpan DPoPClockSkew { get; set; } = TimeSpan.FromMinutes(5);
#endif
        public List<ClientRedirectUri> RedirectUris { get; set; }
        public List<ClientPostLogoutRedirectUri> PostLogoutRedirectUris { get; set; }
        public string FrontChannelLogoutUri { get; set; }
        public bool FrontChannelLogoutSessionRequired { get; set; } = true;
        public string BackChannelLogoutUri { get; set; }
        public bool BackChannelLogoutSessionRequired { get; set; } = true;
        public bool AllowOfflineAccess { get; set; }
        public List<ClientScope> AllowedScopes { get; set; }
        public int IdentityTokenLifetime { get; set; } = 300;
        public string AllowedIdentityTokenSigningAlgorithms { get; set; }
        public int AccessTokenLifetime { get; set; } = 3600;
        public int AuthorizationCodeLifetime { get; set; } = 300;
        public int? ConsentLifetime { get; set; }
        public int AbsoluteRefreshTokenLifetime { get; set; } = 2592000;
        public int SlidingRefreshTokenLifetime { get; set; } = 1296000;
        public int RefreshTokenUsage { get; set; } = 1;
        public bool UpdateAccessTokenClaimsOnRefresh { get; set; }
        public int RefreshTokenExpiration { get; set; } = 1;
        public int AccessTokenType { get; set; }
        public bool EnableLocalLogin { get; set; } = true;
        public List<ClientIdPRestriction> IdentityProviderRestrictions { get; set; }
        public bool IncludeJwtId { get; set; }
        public List<ClientClaim> Claims { get; set; }
        public bool AlwaysSendClientClaims { get; set; }
        public string ClientClaimsPrefix { get; set; } = "client_";
        public string PairWiseSubjectSalt { get; set; }
        public List<ClientCorsOrigin> AllowedCorsOrigins { get; set; }
#if SCHEMA_6_3
        public string InitiateLoginUri { get; set; }
#endif
        public List<ClientProperty> Properties { get; set; }
        public int? UserSsoLifetime { get; set; }
        public string UserCodeType { get; set; }
        public int DeviceCodeLifetime { get; set; } = 300;
#if SCHEMA_6_0
        public int? CibaLifetime { get; set; }
        public int? PollingInterval { get; set; }
#endif
#if SCHEMA_6_1
        public bool? CoordinateLifetimeWithUserSession { get; set; }
#endif
        public DateTime Created { get; set; } = DateTime.UtcNow;
        public DateTime? Updated { get; set; }
        public DateTime? LastAccessed { get; set; }
        public bool NonEditable { get; set; }
#if SCHEMA_7_0
        public int? PushedAuthorizationLifetime { get; set; }
        public bool RequirePushedAuthorization { get; set; }
#endif
    }

    public class ClientSecret : Secret
    {
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientGrantType
    {
        public int Id { get; set; }
        public string GrantType { get; set; }
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientRedirectUri
    {
        public int Id { get; set; }
        public string RedirectUri { get; set; }
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientPostLogoutRedirectUri
    {
        public int Id { get; set; }
        public string PostLogoutRedirectUri { get; set; }
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientScope
    {
        public int Id { get; set; }
        public string Scope { get; set; }
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientClaim
    {
        public int Id { get; set; }
        public string Type { get; set; }
        public string Value { get; set; }
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientIdPRestriction
    {
        public int Id { get; set; }
        public string Provider { get; set; }
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientCorsOrigin
    {
        public int Id { get; set; }
        public string Origin { get; set; }
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    public class ClientProperty : Property
    {
        public int ClientId { get; set; }
        public Client Client { get; set; }
    }

    // ---- configuration store: resources ----

    public class IdentityResource
    {
        public int Id { get; set; }
        public bool Enabled { get; set; } = true;
        public string Name { get; set; }
        public string DisplayName { get; set; }
        public string Description { get; set; }
        public bool Required { get; set; }
        public bool Emphasize { get; set; }
        public bool ShowInDiscoveryDocument { get; set; } = true;
        public List<IdentityResourceClaim> UserClaims { get; set; }
        public List<IdentityResourceProperty> Properties { get; set; }
        public DateTime Created { get; set; } = DateTime.UtcNow;
        public DateTime? Updated { get; set; }
        public bool NonEditable { get; set; }
    }

    public class IdentityResourceClaim : UserClaim
    {
        public int IdentityResourceId { get; set; }
        public IdentityResource IdentityResource { get; set; }
    }

    public class IdentityResourceProperty : Property
    {
        public int IdentityResourceId { get; set; }
        public IdentityResource IdentityResource { get; set; }
    }

    public class ApiResource
    {
        public int Id { get; set; }
        public bool Enabled { get; set; } = true;
        public string Name { get; set; }
        public string DisplayName { get; set; }
        public string Description { get; set; }
        public string AllowedAccessTokenSigningAlgorithms { get; set; }
        public bool ShowInDiscoveryDocument { get; set; } = true;
#if SCHEMA_5_2
        public bool RequireResourceIndicator { get; set; }
#endif
        public List<ApiResourceSecret> Secrets { get; set; }
        public List<ApiResourceScope> Scopes { get; set; }
        public List<ApiResourceClaim> UserClaims { get; set; }
        public List<ApiResourceProperty> Properties { get; set; }
        public DateTime Created { get; set; } = DateTime.UtcNow;
        public DateTime? Updated { get; set; }
        public DateTime? LastAccessed { get; set; }
        public bool NonEditable { get; set; }
    }

    public class ApiResourceSecret : Secret
    {
        public int ApiResourceId { get; set; }
        public ApiResource ApiResource { get; set; }
    }

    public class ApiResourceScope
    {
        public int Id { get; set; }
        public string Scope { get; set; }
        public int ApiResourceId { get; set; }
        public ApiResource ApiResource { get; set; }
    }

    public class ApiResourceClaim : UserClaim
    {
        public int ApiResourceId { get; set; }
        public ApiResource ApiResource { get; set; }
    }

    public class ApiResourceProperty : Property
    {
        public int ApiResourceId { get; set; }
        public ApiResource ApiResource { get; set; }
    }

    public class ApiScope
    {
        public int Id { get; set; }
        public bool Enabled { get; set; } = true;
        public string Name { get; set; }
        public string DisplayName { get; set; }
        public string Description { get; set; }
        public bool Required { get; set; }
        public bool Emphasize { get; set; }
        public bool ShowInDiscoveryDocument { get; set; } = true;
        public List<ApiScopeClaim> UserClaims { get; set; }
        public List<ApiScopeProperty> Properties { get; set; }
#if SCHEMA_6_0
        public DateTime Created { get; set; } = DateTime.UtcNow;
        public DateTime? Updated { get; set; }
        public DateTime? LastAccessed { get; set; }
        public bool NonEditable { get; set; }
#endif
    }

    public class ApiScopeClaim : UserClaim
    {
        public int ScopeId { get; set; }
        public ApiScope Scope { get; set; }
    }

    public class ApiScopeProperty : Property
    {
        public int ScopeId { get; set; }
        public ApiScope Scope { get; set; }
    }

#if SCHEMA_5_2
    // 5.2: dynamic identity providers.
    public class IdentityProvider
    {
        public int Id { get; set; }
        public string Scheme { get; set; }
        public string DisplayName { get; set; }
        public bool Enabled { get; set; } = true;
        public string Type { get; set; }
        // The provider's properties, serialized.
        public string Properties { get; set; }
#if SCHEMA_6_0
        public DateTime Created { get; set; } = DateTime.UtcNow;
        public DateTime? Updated { get; set; }
        public DateTime? LastAccessed { get; set; }
        public bool NonEditable { get; set; }
#endif
    }
#endif

#if SCHEMA_8_0
    // 8.0: SAML 2.0 service providers. The columns follow the published SQL Server script of 8.0.3
    // (duende-schemas.json): single logout as two columns on the provider, no table of its own.
    public class SamlServiceProvider
    {
        public int Id { get; set; }
        public string EntityId { get; set; }
        public string DisplayName { get; set; }
        public string Description { get; set; }
        public bool Enabled { get; set; } = true;
        public double? ClockSkewSeconds { get; set; }
        public double? RequestMaxAgeSeconds { get; set; }
        public double? AssertionLifetimeSeconds { get; set; }
        public string SingleLogoutServiceLocation { get; set; }
        public int? SingleLogoutServiceBinding { get; set; }
        public bool? RequireSignedAuthnRequests { get; set; }
        public bool? RequireSignedLogoutResponses { get; set; }
        public bool AllowIdpInitiated { get; set; }
        public string DefaultNameIdFormat { get; set; }
        public string EmailNameIdClaimType { get; set; }
        public int? SigningBehavior { get; set; }
        public List<SamlAssertionConsumerService> AssertionConsumerServiceUrls { get; set; }
        public List<SamlCertificate> Certificates { get; set; }
        public List<SamlClaimMapping> ClaimMappings { get; set; }
        public List<SamlAuthnContextMapping> AuthnContextMappings { get; set; }
        public List<SamlAllowedScope> AllowedScopes { get; set; }
        public List<SamlRequestedClaimType> RequestedClaimTypes { get; set; }
        // A primitive collection: one JSON text column.
        public List<string> AllowedSignatureAlgorithms { get; set; }
        public DateTime Created { get; set; } = DateTime.UtcNow;
        public DateTime? Updated { get; set; }
        public DateTime? LastAccessed { get; set; }
        public bool NonEditable { get; set; }
    }

    public class SamlAssertionConsumerService
    {
        public int Id { get; set; }
        public string Location { get; set; }
        public string Binding { get; set; }
        public int Index { get; set; }
        public bool IsDefault { get; set; }
        public int SamlServiceProviderId { get; set; }
        public SamlServiceProvider SamlServiceProvider { get; set; }
    }

    public class SamlCertificate
    {
        public int Id { get; set; }
        // Base64 DER.
        public string Data { get; set; }
        // 1 signing, 2 encryption, 3 both.
        public int Use { get; set; }
        public int SamlServiceProviderId { get; set; }
        public SamlServiceProvider SamlServiceProvider { get; set; }
    }

    public class SamlClaimMapping
    {
        public int Id { get; set; }
        public string ClaimType { get; set; }
        public string SamlAttributeName { get; set; }
        public int SamlServiceProviderId { get; set; }
        public SamlServiceProvider SamlServiceProvider { get; set; }
    }

    public class SamlAuthnContextMapping
    {
        public int Id { get; set; }
        public string OidcValue { get; set; }
        public string SamlAuthnContextClassRef { get; set; }
        public int SamlServiceProviderId { get; set; }
        public SamlServiceProvider SamlServiceProvider { get; set; }
    }

    public class SamlAllowedScope
    {
        public int Id { get; set; }
        public string Scope { get; set; }
        public int SamlServiceProviderId { get; set; }
        public SamlServiceProvider SamlServiceProvider { get; set; }
    }

    public class SamlRequestedClaimType
    {
        public int Id { get; set; }
        public string ClaimType { get; set; }
        public int SamlServiceProviderId { get; set; }
        public SamlServiceProvider SamlServiceProvider { get; set; }
    }
#endif
}
