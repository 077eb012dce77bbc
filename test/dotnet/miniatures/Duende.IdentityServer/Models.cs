using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace Duende.IdentityServer.Models
{
    public class Secret
    {
        public Secret() { }
        public Secret(string value, DateTime? expiration = null) { Value = value; Expiration = expiration; }
        public Secret(string value, string description, DateTime? expiration = null) : this(value, expiration) { Description = description; }
        public string Description { get; set; }
        public string Value { get; set; }
        public DateTime? Expiration { get; set; }
        public string Type { get; set; } = "SharedSecret";
    }

    public static class HashExtensions
    {
        public static string Sha256(this string input)
        {
            if (string.IsNullOrEmpty(input)) return string.Empty;
            return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
        }
    }

    public static class GrantType
    {
        public const string Implicit = "implicit";
        public const string Hybrid = "hybrid";
        public const string AuthorizationCode = "authorization_code";
        public const string ClientCredentials = "client_credentials";
        public const string ResourceOwnerPassword = "password";
        public const string DeviceFlow = "urn:ietf:params:oauth:grant-type:device_code";
    }

    public static class GrantTypes
    {
        public static ICollection<string> Implicit => new[] { GrantType.Implicit };
        public static ICollection<string> Code => new[] { GrantType.AuthorizationCode };
        public static ICollection<string> ClientCredentials => new[] { GrantType.ClientCredentials };
        public static ICollection<string> ResourceOwnerPassword => new[] { GrantType.ResourceOwnerPassword };
        public static ICollection<string> DeviceFlow => new[] { GrantType.DeviceFlow };
        public static ICollection<string> CodeAndClientCredentials => new[] { GrantType.AuthorizationCode, GrantType.ClientCredentials };
        public static ICollection<string> ImplicitAndClientCredentials => new[] { GrantType.Implicit, GrantType.ClientCredentials };
    }

    public class Client
    {
        public bool Enabled { get; set; } = true;
        public string ClientId { get; set; }
        public string ProtocolType { get; set; } = IdentityServerConstants.ProtocolTypes.OpenIdConnect;
        public ICollection<Secret> ClientSecrets { get; set; } = new HashSet<Secret>();
        public bool RequireClientSecret { get; set; } = true;
        public string ClientName { get; set; }
        public string Description { get; set; }
        public string ClientUri { get; set; }
        public bool RequireConsent { get; set; }
        public bool RequirePkce { get; set; } = true;
        public bool AllowOfflineAccess { get; set; }
        public bool AllowAccessTokensViaBrowser { get; set; }
        public ICollection<string> AllowedGrantTypes { get; set; } = new List<string>();
        public ICollection<string> RedirectUris { get; set; } = new HashSet<string>();
        public ICollection<string> PostLogoutRedirectUris { get; set; } = new HashSet<string>();
        public string FrontChannelLogoutUri { get; set; }
        public ICollection<string> AllowedScopes { get; set; } = new HashSet<string>();
        public ICollection<string> AllowedCorsOrigins { get; set; } = new HashSet<string>();
        public int AccessTokenLifetime { get; set; } = 3600;
        public int IdentityTokenLifetime { get; set; } = 300;
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
        public ApiScope(string name) : this(name, name) { }
        public ApiScope(string name, string displayName) { Name = name; DisplayName = displayName; }
        public ApiScope(string name, IEnumerable<string> userClaims) : this(name) { foreach (var c in userClaims) UserClaims.Add(c); }
        public bool Required { get; set; }
        public bool Emphasize { get; set; }
    }

    public class ApiResource : Resource
    {
        public ApiResource() { }
        public ApiResource(string name) : this(name, name) { }
        public ApiResource(string name, string displayName) { Name = name; DisplayName = displayName; }
        public ApiResource(string name, string displayName, IEnumerable<string> userClaims) : this(name, displayName) { foreach (var c in userClaims) UserClaims.Add(c); }
        public ICollection<Secret> ApiSecrets { get; set; } = new HashSet<Secret>();
        public ICollection<string> Scopes { get; set; } = new HashSet<string>();
        public ICollection<string> AllowedAccessTokenSigningAlgorithms { get; set; } = new HashSet<string>();
        public bool RequireResourceIndicator { get; set; }
    }

    // 5.2: dynamic external providers.
    public class IdentityProvider
    {
        public IdentityProvider(string type) { Type = type; }
        public string Scheme { get; set; }
        public string DisplayName { get; set; }
        public bool Enabled { get; set; } = true;
        public string Type { get; set; }
        public Dictionary<string, string> Properties { get; set; } = new Dictionary<string, string>();
    }

    public class IdentityResource : Resource
    {
        public IdentityResource() { }
        public IdentityResource(string name, IEnumerable<string> userClaims) : this(name, name, userClaims) { }
        public IdentityResource(string name, string displayName, IEnumerable<string> userClaims)
        {
            Name = name; DisplayName = displayName;
            foreach (var c in userClaims) UserClaims.Add(c);
        }
        public bool Required { get; set; }
        public bool Emphasize { get; set; }
    }

    public static class IdentityResources
    {
        public class OpenId : IdentityResource
        {
            public OpenId() : base(IdentityServerConstants.StandardScopes.OpenId, "Your user identifier", new[] { "sub" }) { Required = true; }
        }

        public class Profile : IdentityResource
        {
            public Profile() : base(IdentityServerConstants.StandardScopes.Profile, "User profile",
                new[] { "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at" }) { Emphasize = true; }
        }

        public class Email : IdentityResource
        {
            public Email() : base(IdentityServerConstants.StandardScopes.Email, "Your email address", new[] { "email", "email_verified" }) { Emphasize = true; }
        }
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

    public class AuthorizationRequest
    {
        public Client Client { get; set; }
        public string RedirectUri { get; set; }
        public string IdP { get; set; }
        public string Tenant { get; set; }
        public string LoginHint { get; set; }
    }

    public class LogoutRequest
    {
        public string ClientId { get; set; }
        public string PostLogoutRedirectUri { get; set; }
        public bool ShowSignoutPrompt { get; set; } = true;
    }
}
