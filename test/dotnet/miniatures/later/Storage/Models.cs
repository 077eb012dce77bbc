// Duende.IdentityServer.Storage 7.4.8 / 8.0.3: the configuration models hosts build in Config.cs.
// Signatures from identity-server/src/Storage/Models at tags is-7.4.8 and is-8.0.3 (test/dotnet/README.md).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Duende.IdentityServer.Models
{
    public enum AccessTokenType { Jwt = 0, Reference = 1 }
    public enum TokenUsage { ReUse = 0, OneTimeOnly = 1 }
    public enum TokenExpiration { Sliding = 0, Absolute = 1 }
    public enum DPoPTokenExpirationValidationMode { Nonce = 1, Iat = 2, IatAndNonce = Iat | Nonce }

#if V8
    // 8.0: replaces AuthorizationError (same members).
    public enum InteractionError { AccessDenied, InteractionRequired, LoginRequired, AccountSelectionRequired, ConsentRequired, TemporarilyUnavailable, UnmetAuthenticationRequirements }

    // 8.0: what OIDC clients and SAML service providers have in common.
    public interface IConnectedApplication
    {
        string Identifier { get; }
        string DisplayName { get; }
        string Description { get; }
        bool Enabled { get; }
        string ProtocolType { get; }
        bool RequireConsent { get; }
    }
#endif

    public class Secret
    {
        public Secret() { Type = "SharedSecret"; }
        public Secret(string value, DateTime? expiration = null) : this() { Value = value; Expiration = expiration; }
        public Secret(string value, string description, DateTime? expiration = null) : this() { Description = description; Value = value; Expiration = expiration; }
        public string Description { get; set; }
        public string Value { get; set; }
        public DateTime? Expiration { get; set; }
        public string Type { get; set; }
    }

    public class ClientClaim
    {
        public ClientClaim() { }
        public ClientClaim(string type, string value) { Type = type; Value = value; }
        public ClientClaim(string type, string value, string valueType) : this(type, value) { ValueType = valueType; }
        public string Type { get; set; }
        public string Value { get; set; }
        public string ValueType { get; set; } = ClaimValueTypes.String;
    }

    public class Client
#if V8
        : IConnectedApplication
#endif
    {
        public bool Enabled { get; set; } = true;
        public string ClientId { get; set; }
        public string ProtocolType { get; set; } = "oidc";
        public ICollection<Secret> ClientSecrets { get; set; } = new HashSet<Secret>();
        public bool RequireClientSecret { get; set; } = true;
        public string ClientName { get; set; }
        public string Description { get; set; }
        public string ClientUri { get; set; }
        public string LogoUri { get; set; }
        public bool RequireConsent { get; set; }
        public bool AllowRememberConsent { get; set; } = true;
        public ICollection<string> AllowedGrantTypes { get; set; } = new List<string>();
        public bool RequirePkce { get; set; } = true;
        public bool AllowPlainTextPkce { get; set; }
        public bool RequireRequestObject { get; set; }
        public bool AllowAccessTokensViaBrowser { get; set; }
        public bool RequireDPoP { get; set; }
        public DPoPTokenExpirationValidationMode DPoPValidationMode { get; set; } = DPoPTokenExpirationValidationMode.Iat;
        public TimeSpan DPoPClockSkew { get; set; } = TimeSpan.FromMinutes(5);
        public ICollection<string> RedirectUris { get; set; } = new HashSet<string>();
        public ICollection<string> PostLogoutRedirectUris { get; set; } = new HashSet<string>();
        public string FrontChannelLogoutUri { get; set; }
        public bool FrontChannelLogoutSessionRequired { get; set; } = true;
        public string BackChannelLogoutUri { get; set; }
        public bool BackChannelLogoutSessionRequired { get; set; } = true;
        public bool AllowOfflineAccess { get; set; }
        public ICollection<string> AllowedScopes { get; set; } = new HashSet<string>();
        public bool AlwaysIncludeUserClaimsInIdToken { get; set; }
        public int IdentityTokenLifetime { get; set; } = 300;
        public ICollection<string> AllowedIdentityTokenSigningAlgorithms { get; set; } = new HashSet<string>();
        public int AccessTokenLifetime { get; set; } = 3600;
        public int AuthorizationCodeLifetime { get; set; } = 300;
        public int AbsoluteRefreshTokenLifetime { get; set; } = 2592000;
        public int SlidingRefreshTokenLifetime { get; set; } = 1296000;
        public int? ConsentLifetime { get; set; }
        public TokenUsage RefreshTokenUsage { get; set; } = TokenUsage.OneTimeOnly;
        public bool UpdateAccessTokenClaimsOnRefresh { get; set; }
        public TokenExpiration RefreshTokenExpiration { get; set; } = TokenExpiration.Absolute;
        public AccessTokenType AccessTokenType { get; set; } = AccessTokenType.Jwt;
        public bool EnableLocalLogin { get; set; } = true;
        public ICollection<string> IdentityProviderRestrictions { get; set; } = new HashSet<string>();
        public bool IncludeJwtId { get; set; } = true;
        public ICollection<ClientClaim> Claims { get; set; } = new HashSet<ClientClaim>();
        public bool AlwaysSendClientClaims { get; set; }
        public string ClientClaimsPrefix { get; set; } = "client_";
        public string PairWiseSubjectSalt { get; set; }
        public int? UserSsoLifetime { get; set; }
        public string UserCodeType { get; set; }
        public int DeviceCodeLifetime { get; set; } = 300;
        public int? CibaLifetime { get; set; }
        public int? PollingInterval { get; set; }
        public bool? CoordinateLifetimeWithUserSession { get; set; }
        public ICollection<string> AllowedCorsOrigins { get; set; } = new HashSet<string>();
        public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();
        public string InitiateLoginUri { get; set; }
        public bool RequirePushedAuthorization { get; set; }
        public int? PushedAuthorizationLifetime { get; set; }
#if V8
        string IConnectedApplication.Identifier => ClientId;
        string IConnectedApplication.DisplayName => ClientName;
#endif
    }

    public abstract class Resource
    {
        public bool Enabled { get; set; } = true;
        public string Name { get; set; }
        public string DisplayName { get; set; }
        public string Description { get; set; }
        public bool ShowInDiscoveryDocument { get; set; } = true;
        public ICollection<string> UserClaims { get; set; } = new HashSet<string>();
        public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();
    }

    public class ApiScope : Resource
    {
        public ApiScope() { }
        public ApiScope(string name) : this(name, name, null) { }
        public ApiScope(string name, string displayName) : this(name, displayName, null) { }
        public ApiScope(string name, IEnumerable<string> userClaims) : this(name, name, userClaims) { }
        public ApiScope(string name, string displayName, IEnumerable<string> userClaims)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentNullException(nameof(name));
            Name = name;
            DisplayName = displayName;
            if (userClaims != null) foreach (var c in userClaims) UserClaims.Add(c);
        }
        public bool Required { get; set; }
        public bool Emphasize { get; set; }
    }

    public class ApiResource : Resource
    {
        public ApiResource() { }
        public ApiResource(string name) : this(name, name, null) { }
        public ApiResource(string name, string displayName) : this(name, displayName, null) { }
        public ApiResource(string name, IEnumerable<string> userClaims) : this(name, name, userClaims) { }
        public ApiResource(string name, string displayName, IEnumerable<string> userClaims)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentNullException(nameof(name));
            Name = name;
            DisplayName = displayName;
            if (userClaims != null) foreach (var c in userClaims) UserClaims.Add(c);
        }
        public bool RequireResourceIndicator { get; set; }
        public ICollection<Secret> ApiSecrets { get; set; } = new HashSet<Secret>();
        public ICollection<string> Scopes { get; set; } = new HashSet<string>();
        public ICollection<string> AllowedAccessTokenSigningAlgorithms { get; set; } = new HashSet<string>();
    }

    public class IdentityResource : Resource
    {
        public IdentityResource() { }
        public IdentityResource(string name, IEnumerable<string> userClaims) : this(name, name, userClaims) { }
        public IdentityResource(string name, string displayName, IEnumerable<string> userClaims)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentNullException(nameof(name));
            if (userClaims == null || !userClaims.Any()) throw new ArgumentException("Must provide at least one claim type", nameof(userClaims));
            Name = name;
            DisplayName = displayName;
            foreach (var c in userClaims) UserClaims.Add(c);
        }
        public bool Required { get; set; }
        public bool Emphasize { get; set; }
    }

    public class IdentityProvider
    {
        public IdentityProvider(string type) { Type = type; }
        public IdentityProvider(string type, IdentityProvider other) : this(type)
        {
            Scheme = other.Scheme; DisplayName = other.DisplayName; Enabled = other.Enabled;
            Properties = new Dictionary<string, string>(other.Properties);
        }
        public string Scheme { get; set; }
        public string DisplayName { get; set; }
        public bool Enabled { get; set; } = true;
        public string Type { get; set; }
        public IDictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();
    }

    public class PersistedGrant
    {
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

    public class Resources
    {
        public Resources() { }
        public Resources(Resources other) : this(other.IdentityResources, other.ApiResources, other.ApiScopes) { OfflineAccess = other.OfflineAccess; }
        public Resources(IEnumerable<IdentityResource> identityResources, IEnumerable<ApiResource> apiResources, IEnumerable<ApiScope> apiScopes)
        {
            if (identityResources != null) IdentityResources = new HashSet<IdentityResource>(identityResources);
            if (apiResources != null) ApiResources = new HashSet<ApiResource>(apiResources);
            if (apiScopes != null) ApiScopes = new HashSet<ApiScope>(apiScopes);
        }
        public bool OfflineAccess { get; set; }
        public ICollection<IdentityResource> IdentityResources { get; set; } = new HashSet<IdentityResource>();
        public ICollection<ApiResource> ApiResources { get; set; } = new HashSet<ApiResource>();
        public ICollection<ApiScope> ApiScopes { get; set; } = new HashSet<ApiScope>();
    }
}

namespace Duende.IdentityServer.Models
{
    public static class GrantType
    {
        public const string Implicit = "implicit";
        public const string Hybrid = "hybrid";
        public const string AuthorizationCode = "authorization_code";
        public const string ClientCredentials = "client_credentials";
        public const string ResourceOwnerPassword = "password";
        public const string DeviceFlow = "urn:ietf:params:oauth:grant-type:device_code";
        public const string RefreshToken = "refresh_token";
    }
}
