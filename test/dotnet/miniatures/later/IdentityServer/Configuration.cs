// Duende.IdentityServer 7.4.8 / 8.0.3: IdentityServerOptions and the option groups hosts set
// (identity-server/src/IdentityServer/Configuration/DependencyInjection/Options at both tags). Option
// groups that no host in the tests sets are present with their names, without their members.
using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.AspNetCore.Http;

namespace Duende.IdentityServer.Configuration
{
    public class IdentityServerOptions
    {
        public string IssuerUri { get; set; }
        public bool LowerCaseIssuerUri { get; set; } = true;
        public string AccessTokenJwtType { get; set; } = "at+jwt";
        public string LogoutTokenJwtType { get; set; } = "logout+jwt";
        public bool EmitStaticAudienceClaim { get; set; }
        public bool EmitScopesAsSpaceDelimitedStringInJwt { get; set; }
        public bool EmitIssuerIdentificationResponseParameter { get; set; } = true;
        public bool EmitStateHash { get; set; }
        public bool StrictJarValidation { get; set; }
        public bool ValidateTenantOnAuthorization { get; set; }
        public EndpointsOptions Endpoints { get; set; } = new EndpointsOptions();
        public DiscoveryOptions Discovery { get; set; } = new DiscoveryOptions();
        public AuthenticationOptions Authentication { get; set; } = new AuthenticationOptions();
        public EventsOptions Events { get; set; } = new EventsOptions();
        public InputLengthRestrictions InputLengthRestrictions { get; set; } = new InputLengthRestrictions();
        public UserInteractionOptions UserInteraction { get; set; } = new UserInteractionOptions();
        public CachingOptions Caching { get; set; } = new CachingOptions();
        public CorsOptions Cors { get; set; } = new CorsOptions();
        public CspOptions Csp { get; set; } = new CspOptions();
        public ValidationOptions Validation { get; set; } = new ValidationOptions();
        public DeviceFlowOptions DeviceFlow { get; set; } = new DeviceFlowOptions();
        public CibaOptions Ciba { get; set; } = new CibaOptions();
        public LoggingOptions Logging { get; set; } = new LoggingOptions();
        public MutualTlsOptions MutualTls { get; set; } = new MutualTlsOptions();
        public KeyManagementOptions KeyManagement { get; set; } = new KeyManagementOptions();
        public PersistentGrantOptions PersistentGrants { get; set; } = new PersistentGrantOptions();
        public DPoPOptions DPoP { get; set; } = new DPoPOptions();
        // Also read from Duende_License.key / Duende_IdentityServer_License.key, and from 8.0 from configuration.
        public string LicenseKey { get; set; }
        public DynamicProviderOptions DynamicProviders { get; set; } = new DynamicProviderOptions();
        public ServerSideSessionOptions ServerSideSessions { get; set; } = new ServerSideSessionOptions();
        public PushedAuthorizationOptions PushedAuthorization { get; set; } = new PushedAuthorizationOptions();
        public TimeSpan JwtValidationClockSkew { get; set; } = TimeSpan.FromMinutes(5);
#if V8
        public bool StrictClientAssertionAudienceValidation { get; set; }
#endif
        public ICollection<string> SupportedRequestObjectSigningAlgorithms { get; set; } = new List<string>();
        public ICollection<string> SupportedClientAssertionSigningAlgorithms { get; set; } = new List<string>();
#if !V8
        // 8.0 moved the preview settings to permanent options.
        public PreviewFeatureOptions Preview { get; set; } = new PreviewFeatureOptions();
#endif
        public DiagnosticOptions Diagnostics { get; set; } = new DiagnosticOptions();
#if V8
        public SamlOptions Saml { get; set; } = new SamlOptions();
#endif
    }

    public class KeyManagementOptions
    {
        public bool Enabled { get; set; } = true;
        public int RsaKeySize { get; set; } = 2048;
        public ICollection<SigningAlgorithmOptions> SigningAlgorithms { get; set; } = new List<SigningAlgorithmOptions>();
        public TimeSpan InitializationDuration { get; set; } = TimeSpan.FromMinutes(5);
        public TimeSpan InitializationSynchronizationDelay { get; set; } = TimeSpan.FromSeconds(5);
        public TimeSpan InitializationKeyCacheDuration { get; set; } = TimeSpan.FromMinutes(1);
        public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromHours(24);
        public TimeSpan PropagationTime { get; set; } = TimeSpan.FromDays(14);
        public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(90);
        public TimeSpan RetentionDuration { get; set; } = TimeSpan.FromDays(14);
        public bool DeleteRetiredKeys { get; set; } = true;
        public bool DataProtectKeys { get; set; } = true;
        public string KeyPath { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), "keys");
    }

    public class SigningAlgorithmOptions
    {
        public SigningAlgorithmOptions() { }

        [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
        public SigningAlgorithmOptions(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

        public required string Name { get; set; }
        public bool UseX509Certificate { get; set; }
    }

    public class DPoPOptions
    {
        public TimeSpan ProofTokenValidityDuration { get; set; } = TimeSpan.FromMinutes(1);
        public TimeSpan ServerClockSkew { get; set; } = TimeSpan.FromMinutes(0);
        // 7.3: moved here from IdentityServerConstants.SupportedDPoPSigningAlgorithms.
        public ICollection<string> SupportedDPoPSigningAlgorithms { get; set; } = new List<string> { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" };
    }

#if !V8
    public class PreviewFeatureOptions
    {
        public bool EnableDiscoveryDocumentCache { get; set; }
        public bool StrictClientAssertionAudienceValidation { get; set; }
        public TimeSpan DiscoveryDocumentCacheDuration { get; set; } = TimeSpan.FromMinutes(1);
    }
#endif

    public class EventsOptions
    {
        public bool RaiseSuccessEvents { get; set; }
        public bool RaiseFailureEvents { get; set; }
        public bool RaiseInformationEvents { get; set; }
        public bool RaiseErrorEvents { get; set; }
    }

    public class UserInteractionOptions
    {
        public string LoginUrl { get; set; }
        public string LoginReturnUrlParameter { get; set; }
        public string LogoutUrl { get; set; }
        public string LogoutIdParameter { get; set; } = "logoutId";
        public string ConsentUrl { get; set; } = "/consent";
        public string ConsentReturnUrlParameter { get; set; } = "returnUrl";
        public string CreateAccountUrl { get; set; }
        public string CreateAccountReturnUrlParameter { get; set; } = "returnUrl";
        public string ErrorUrl { get; set; } = "/home/error";
        public string ErrorIdParameter { get; set; } = "errorId";
        public string CustomRedirectReturnUrlParameter { get; set; } = "returnUrl";
        public int CookieMessageThreshold { get; set; } = 2;
        public string DeviceVerificationUrl { get; set; } = "/device";
        public string DeviceVerificationUserCodeParameter { get; set; } = "userCode";
        public bool AllowOriginInReturnUrl { get; set; }
        public ICollection<string> PromptValuesSupported { get; set; } = new HashSet<string> { "none", "login", "consent", "select_account", "create" };
    }

    public class AuthenticationOptions
    {
        public string CookieAuthenticationScheme { get; set; }
        public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(10);
        public bool CookieSlidingExpiration { get; set; }
        public SameSiteMode CookieSameSiteMode { get; set; } = SameSiteMode.None;
        public bool RequireAuthenticatedUserForSignOutMessage { get; set; }
        public string CheckSessionCookieName { get; set; } = IdentityServerConstants.DefaultCheckSessionCookieName;
        public string CheckSessionCookieDomain { get; set; }
        public SameSiteMode CheckSessionCookieSameSiteMode { get; set; } = SameSiteMode.None;
        public bool RequireCspFrameSrcForSignout { get; set; } = true;
        public bool CoordinateClientLifetimesWithUserSession { get; set; }
    }

    public class ServerSideSessionOptions
    {
        public string UserDisplayNameClaimType { get; set; }
        public bool RemoveExpiredSessions { get; set; } = true;
        public bool ExpiredSessionsTriggerBackchannelLogout { get; set; }
        public TimeSpan RemoveExpiredSessionsFrequency { get; set; } = TimeSpan.FromMinutes(10);
        public bool FuzzExpiredSessionRemovalStart { get; set; } = true;
        public int RemoveExpiredSessionsBatchSize { get; set; } = 100;
    }

    public class DiscoveryOptions
    {
        public bool ShowEndpoints { get; set; } = true;
        public bool ShowKeySet { get; set; } = true;
        public bool ShowIdentityScopes { get; set; } = true;
        public bool ShowApiScopes { get; set; } = true;
        public bool ShowClaims { get; set; } = true;
        public bool ShowResponseTypes { get; set; } = true;
        public bool ShowResponseModes { get; set; } = true;
        public bool ShowGrantTypes { get; set; } = true;
        public bool ShowExtensionGrantTypes { get; set; } = true;
        public bool ShowTokenEndpointAuthenticationMethods { get; set; } = true;
        public bool ExpandRelativePathsInCustomEntries { get; set; } = true;
        public int? ResponseCacheInterval { get; set; }
        public Dictionary<string, object> CustomEntries { get; set; } = new Dictionary<string, object>();
    }

    public class EndpointsOptions { }
    public class InputLengthRestrictions { }
    public class CachingOptions { }
    public class CorsOptions { }
    public class CspOptions { }
    public class ValidationOptions { }
    public class DeviceFlowOptions { }
    public class CibaOptions { }
    public class LoggingOptions { }
    public class MutualTlsOptions { }
    public class PersistentGrantOptions { }
    public class DynamicProviderOptions { }
    public class PushedAuthorizationOptions { }
    public class DiagnosticOptions { }
#if V8
    public class SamlOptions { }
#endif
}
