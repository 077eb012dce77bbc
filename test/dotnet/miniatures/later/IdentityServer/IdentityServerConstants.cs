// Duende.IdentityServer 7.4.8 / 8.0.3 (identity-server/src/IdentityServer/IdentityServerConstants.cs):
// the members hosts and the quickstart UI use.
using System.Collections.Generic;

namespace Duende.IdentityServer
{
    public static class IdentityServerConstants
    {
        public const string LocalIdentityProvider = "local";
        public const string DefaultCookieAuthenticationScheme = "idsrv";
        public const string SignoutScheme = "idsrv";
        public const string ExternalCookieAuthenticationScheme = "idsrv.external";
        public const string DefaultCheckSessionCookieName = "idsrv.session";
        public const string AccessTokenAudience = "{0}resources";
        public const string JwtRequestClientKey = "idsrv.jwtrequesturi.client";
        public const string PushedAuthorizationRequestUri = "urn:ietf:params:oauth:request_uri";
        public const string ForceCookieRenewalFlag = "idsrv.renew";

        public static class LocalApi
        {
            public const string AuthenticationScheme = "IdentityServerAccessToken";
            public const string ScopeName = "IdentityServerApi";
            public const string PolicyName = AuthenticationScheme;
        }

        public static class ProtocolTypes
        {
            public const string OpenIdConnect = "oidc";
            public const string WsFederation = "wsfed";
            public const string Saml2p = "saml2p";
        }

        public static class TokenTypes
        {
            public const string IdentityToken = "id_token";
            public const string AccessToken = "access_token";
            public const string LogoutToken = "logout_token";
        }

        public static class ClaimValueTypes
        {
            public const string Json = "json";
        }

        public static class SecretTypes
        {
            public const string SharedSecret = "SharedSecret";
            public const string X509CertificateThumbprint = "X509Thumbprint";
            public const string X509CertificateName = "X509Name";
            public const string X509CertificateBase64 = "X509CertificateBase64";
            public const string JsonWebKey = "JWK";
        }

        public static class ProfileDataCallers
        {
            public const string UserInfoEndpoint = "UserInfoEndpoint";
            public const string ClaimsProviderIdentityToken = "ClaimsProviderIdentityToken";
            public const string ClaimsProviderAccessToken = "ClaimsProviderAccessToken";
        }

        public static readonly IEnumerable<string> SupportedSigningAlgorithms = new List<string>
        {
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
        };

        public enum RsaSigningAlgorithm { RS256, RS384, RS512, PS256, PS384, PS512 }
        public enum ECDsaSigningAlgorithm { ES256, ES384, ES512 }

        public static class StandardScopes
        {
            public const string OpenId = "openid";
            public const string Profile = "profile";
            public const string Email = "email";
            public const string Address = "address";
            public const string Phone = "phone";
            public const string OfflineAccess = "offline_access";
        }

        public static class PersistedGrantTypes
        {
            public const string AuthorizationCode = "authorization_code";
            public const string BackChannelAuthenticationRequest = "ciba";
            public const string ReferenceToken = "reference_token";
            public const string RefreshToken = "refresh_token";
            public const string UserConsent = "user_consent";
            public const string DeviceCode = "device_code";
            public const string UserCode = "user_code";
        }

        public static class ClaimTypes
        {
            public const string Tenant = "tenant";
        }

        public static class ProtocolRoutePaths
        {
            public const string ConnectPathPrefix = "connect";
            public const string Authorize = ConnectPathPrefix + "/authorize";
            public const string DiscoveryConfiguration = ".well-known/openid-configuration";
            public const string DiscoveryWebKeys = DiscoveryConfiguration + "/jwks";
            public const string Token = ConnectPathPrefix + "/token";
            public const string UserInfo = ConnectPathPrefix + "/userinfo";
            public const string EndSession = ConnectPathPrefix + "/endsession";
        }
    }
}
