// Duende.IdentityServer 7.4.8 / 8.0.3: what the interaction service hands the UI, and the request contexts
// of profile services (identity-server/src/IdentityServer/Models at is-7.4.8 and is-8.0.3).
using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Security.Claims;
using Duende.IdentityServer.Validation;

namespace Duende.IdentityServer.Models
{
#if V8
    // 8.0: what an OIDC authorization request and a SAML sign-in request have in common.
    public interface IAuthenticationContext
    {
        IConnectedApplication Application { get; }
        string IdP { get; }
        string LoginHint { get; }
        string Tenant { get; }
        IEnumerable<string> PromptModes { get; }
    }
#else
    // 8.0 renamed it InteractionError.
    public enum AuthorizationError { AccessDenied, InteractionRequired, LoginRequired, AccountSelectionRequired, ConsentRequired, TemporarilyUnavailable, UnmetAuthenticationRequirements }
#endif

    public class AuthorizationRequest
#if V8
        : IAuthenticationContext
#endif
    {
        public AuthorizationRequest() { Parameters = new NameValueCollection(); }
        public Client Client { get; set; }
#if V8
        IConnectedApplication IAuthenticationContext.Application => Client;
#endif
        public string DisplayMode { get; set; }
        public string RedirectUri { get; set; }
        public string UiLocales { get; set; }
        public string IdP { get; set; }
        public string Tenant { get; set; }
        public string LoginHint { get; set; }
        public IEnumerable<string> PromptModes { get; set; } = Enumerable.Empty<string>();
        public IEnumerable<string> AcrValues { get; set; } = Enumerable.Empty<string>();
        public ResourceValidationResult ValidatedResources { get; set; }
        public NameValueCollection Parameters { get; }
        public IEnumerable<Claim> RequestObjectValues { get; } = Enumerable.Empty<Claim>();
    }

    public class ConsentResponse
    {
#if V8
        public InteractionError? Error { get; set; }
#else
        public AuthorizationError? Error { get; set; }
#endif
        public string ErrorDescription { get; set; }
        public bool Granted => ScopesValuesConsented != null && ScopesValuesConsented.Any() && Error == null;
        public IEnumerable<string> ScopesValuesConsented { get; set; }
        public bool RememberConsent { get; set; }
        public string Description { get; set; }
    }

    public class LogoutMessage
    {
        public string ClientId { get; set; }
        public string ClientName { get; set; }
        public string PostLogoutRedirectUri { get; set; }
        public string SubjectId { get; set; }
        public string SessionId { get; set; }
#if V8
        public IReadOnlyCollection<string> ClientIds { get; set; }
        public bool RequiresConfirmation { get; set; }
#else
        public IEnumerable<string> ClientIds { get; set; }
#endif
        public string UiLocales { get; set; }
        public IDictionary<string, string[]> Parameters { get; set; } = new Dictionary<string, string[]>();
    }

    public class LogoutRequest
    {
        public LogoutRequest(string iframeUrl, LogoutMessage message)
        {
            if (message != null)
            {
                ClientId = message.ClientId; ClientName = message.ClientName; PostLogoutRedirectUri = message.PostLogoutRedirectUri;
                SubjectId = message.SubjectId; SessionId = message.SessionId; ClientIds = message.ClientIds; UiLocales = message.UiLocales;
#if V8
                RequiresConfirmation = message.RequiresConfirmation;
#endif
            }
            SignOutIFrameUrl = iframeUrl;
        }

        public string ClientId { get; set; }
        public string ClientName { get; set; }
        public string PostLogoutRedirectUri { get; set; }
        public string SubjectId { get; set; }
        public string SessionId { get; set; }
#if V8
        public IReadOnlyCollection<string> ClientIds { get; set; }
        public bool RequiresConfirmation { get; set; }
#else
        public IEnumerable<string> ClientIds { get; set; }
#endif
        public string UiLocales { get; set; }
        public NameValueCollection Parameters { get; } = new NameValueCollection();
        public string SignOutIFrameUrl { get; set; }
#if V8
        public bool ShowSignoutPrompt => string.IsNullOrWhiteSpace(ClientId) || RequiresConfirmation;
#else
        public bool ShowSignoutPrompt => string.IsNullOrWhiteSpace(ClientId);
#endif
    }

    public class ErrorMessage
    {
        public string DisplayMode { get; set; }
        public string UiLocales { get; set; }
        public string Error { get; set; }
        public string ErrorDescription { get; set; }
        public string RequestId { get; set; }
        public string ActivityId { get; set; }
        public string RedirectUri { get; set; }
        public string ResponseMode { get; set; }
        public string ClientId { get; set; }
    }

    public class Grant
    {
        public string SubjectId { get; set; }
        public string ClientId { get; set; }
        public string Description { get; set; }
        public IEnumerable<string> Scopes { get; set; }
        public DateTime CreationTime { get; set; }
        public DateTime? Expiration { get; set; }
    }

    public class DeviceFlowAuthorizationRequest
    {
        public Client Client { get; set; }
        public ResourceValidationResult ValidatedResources { get; set; }
    }

    public class DeviceFlowInteractionResult
    {
        public string ErrorDescription { get; private set; }
        public bool IsError { get; private set; }
        public bool IsAccessDenied { get; set; }
        public static DeviceFlowInteractionResult Failure(string errorDescription = null) =>
            new DeviceFlowInteractionResult { IsError = true, ErrorDescription = errorDescription };
    }

    public class ProfileDataRequestContext
    {
        public ProfileDataRequestContext() { }
        public ProfileDataRequestContext(ClaimsPrincipal subject, Client client, string caller, IEnumerable<string> requestedClaimTypes)
        {
            Subject = subject ?? throw new ArgumentNullException(nameof(subject));
            Caller = caller ?? throw new ArgumentNullException(nameof(caller));
            RequestedClaimTypes = requestedClaimTypes ?? Enumerable.Empty<string>();
#if V8
            Application = client ?? throw new ArgumentNullException(nameof(client));
#else
            Client = client ?? throw new ArgumentNullException(nameof(client));
#endif
        }
#if V8
        public ProfileDataRequestContext(ClaimsPrincipal subject, IConnectedApplication application, string caller, IEnumerable<string> requestedClaimTypes)
        {
            Subject = subject ?? throw new ArgumentNullException(nameof(subject));
            Application = application ?? throw new ArgumentNullException(nameof(application));
            Caller = caller ?? throw new ArgumentNullException(nameof(caller));
            RequestedClaimTypes = requestedClaimTypes ?? Enumerable.Empty<string>();
        }

        public IValidatedRequest ProtocolRequest { get; set; }
        // 8.0: Client became Application (an IConnectedApplication).
        public IConnectedApplication Application { get; set; }
#else
        public ValidatedRequest ValidatedRequest { get; set; }
        public Client Client { get; set; }
#endif
        public ClaimsPrincipal Subject { get; set; }
        public IEnumerable<string> RequestedClaimTypes { get; set; } = Enumerable.Empty<string>();
        public string Caller { get; set; }
        public ResourceValidationResult RequestedResources { get; set; }
        public List<Claim> IssuedClaims { get; set; } = new List<Claim>();
    }

    public class IsActiveContext
    {
        public IsActiveContext(ClaimsPrincipal subject, Client client, string caller)
        {
            Subject = subject ?? throw new ArgumentNullException(nameof(subject));
            Caller = caller ?? throw new ArgumentNullException(nameof(caller));
#if V8
            Application = client ?? throw new ArgumentNullException(nameof(client));
#else
            Client = client ?? throw new ArgumentNullException(nameof(client));
#endif
            IsActive = true;
        }
#if V8
        public IsActiveContext(ClaimsPrincipal subject, IConnectedApplication application, string caller)
        {
            Subject = subject ?? throw new ArgumentNullException(nameof(subject));
            Application = application ?? throw new ArgumentNullException(nameof(application));
            Caller = caller ?? throw new ArgumentNullException(nameof(caller));
            IsActive = true;
        }

        public IConnectedApplication Application { get; set; }
#else
        public Client Client { get; set; }
#endif
        public ClaimsPrincipal Subject { get; set; }
        public string Caller { get; set; }
        public bool IsActive { get; set; }
    }
}

namespace Duende.IdentityServer.Validation
{
#if V8
    public interface IValidatedRequest { }
#else
    public class ValidatedRequest { }
#endif

    public class ParsedScopeValue
    {
        public ParsedScopeValue(string rawValue) : this(rawValue, rawValue, null) { }
        public ParsedScopeValue(string rawValue, string parsedName, string parsedParameter)
        {
            RawValue = rawValue; ParsedName = parsedName; ParsedParameter = parsedParameter;
        }
        public string RawValue { get; set; }
        public string ParsedName { get; set; }
        public string ParsedParameter { get; set; }
    }

    public class ResourceValidationResult
    {
        public ResourceValidationResult() { }
        public ResourceValidationResult(Duende.IdentityServer.Models.Resources resources) { Resources = resources; }
        public ResourceValidationResult(Duende.IdentityServer.Models.Resources resources, IEnumerable<ParsedScopeValue> parsedScopeValues)
        {
            Resources = resources;
            ParsedScopes = parsedScopeValues.ToHashSet();
        }
        public bool Succeeded => ParsedScopes.Count > 0 && InvalidScopes.Count == 0 && InvalidResourceIndicators.Count == 0;
        public Duende.IdentityServer.Models.Resources Resources { get; set; } = new Duende.IdentityServer.Models.Resources();
        public ICollection<ParsedScopeValue> ParsedScopes { get; set; } = new HashSet<ParsedScopeValue>();
        public IEnumerable<string> RawScopeValues => ParsedScopes.Select(x => x.RawValue);
        public ICollection<string> InvalidResourceIndicators { get; set; } = new HashSet<string>();
        public ICollection<string> InvalidScopes { get; set; } = new HashSet<string>();
    }
}
