// Duende.IdentityServer 7.4.8 / 8.0.3: the services a quickstart UI and custom code inject. Signatures from
// identity-server/src/IdentityServer/Services at is-7.4.8 and is-8.0.3; 8.0 takes a CancellationToken
// in every interface method, and callers must pass one. Bodies do next to nothing.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Duende.IdentityServer.Events;
using Duende.IdentityServer.Models;

namespace Duende.IdentityServer.Services
{
    public interface IIdentityServerInteractionService
    {
#if V8
        Task<IAuthenticationContext> GetAuthenticationContextAsync(string returnUrl, CancellationToken ct);
        Task<AuthorizationRequest> GetAuthorizationContextAsync(string returnUrl, CancellationToken ct);
        bool IsValidReturnUrl(string returnUrl);
        Task<ErrorMessage> GetErrorContextAsync(string errorId, CancellationToken ct);
        Task<LogoutRequest> GetLogoutContextAsync(string logoutId, CancellationToken ct);
        Task<string> CreateLogoutContextAsync(CancellationToken ct);
        Task GrantConsentAsync(AuthorizationRequest request, ConsentResponse consent, CancellationToken ct, string subject = null);
        Task DenyAuthorizationAsync(AuthorizationRequest request, InteractionError error, CancellationToken ct, string errorDescription = null);
        Task DenyAuthenticationAsync(IAuthenticationContext context, InteractionError error, CancellationToken ct, string errorDescription = null);
        Task<IReadOnlyCollection<Grant>> GetAllUserGrantsAsync(CancellationToken ct);
        Task RevokeUserConsentAsync(string clientId, CancellationToken ct);
        Task RevokeTokensForCurrentSessionAsync(CancellationToken ct);
#else
        Task<AuthorizationRequest> GetAuthorizationContextAsync(string returnUrl);
        bool IsValidReturnUrl(string returnUrl);
        Task<ErrorMessage> GetErrorContextAsync(string errorId);
        Task<LogoutRequest> GetLogoutContextAsync(string logoutId);
        Task<string> CreateLogoutContextAsync();
        Task GrantConsentAsync(AuthorizationRequest request, ConsentResponse consent, string subject = null);
        Task DenyAuthorizationAsync(AuthorizationRequest request, AuthorizationError error, string errorDescription = null);
        Task<IEnumerable<Grant>> GetAllUserGrantsAsync();
        Task RevokeUserConsentAsync(string clientId);
        Task RevokeTokensForCurrentSessionAsync();
#endif
    }

    /// <summary>The miniature's interaction service: no request is ever pending, local return URLs are valid.</summary>
    public class DefaultIdentityServerInteractionService : IIdentityServerInteractionService
    {
        public bool IsValidReturnUrl(string returnUrl) => returnUrl != null && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal);
#if V8
        public Task<IAuthenticationContext> GetAuthenticationContextAsync(string returnUrl, CancellationToken ct) => Task.FromResult<IAuthenticationContext>(null);
        public Task<AuthorizationRequest> GetAuthorizationContextAsync(string returnUrl, CancellationToken ct) => Task.FromResult<AuthorizationRequest>(null);
        public Task<ErrorMessage> GetErrorContextAsync(string errorId, CancellationToken ct) => Task.FromResult<ErrorMessage>(null);
        public Task<LogoutRequest> GetLogoutContextAsync(string logoutId, CancellationToken ct) => Task.FromResult(new LogoutRequest(null, null));
        public Task<string> CreateLogoutContextAsync(CancellationToken ct) => Task.FromResult<string>(null);
        public Task GrantConsentAsync(AuthorizationRequest request, ConsentResponse consent, CancellationToken ct, string subject = null) => Task.CompletedTask;
        public Task DenyAuthorizationAsync(AuthorizationRequest request, InteractionError error, CancellationToken ct, string errorDescription = null) => Task.CompletedTask;
        public Task DenyAuthenticationAsync(IAuthenticationContext context, InteractionError error, CancellationToken ct, string errorDescription = null) => Task.CompletedTask;
        public Task<IReadOnlyCollection<Grant>> GetAllUserGrantsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyCollection<Grant>>(Array.Empty<Grant>());
        public Task RevokeUserConsentAsync(string clientId, CancellationToken ct) => Task.CompletedTask;
        public Task RevokeTokensForCurrentSessionAsync(CancellationToken ct) => Task.CompletedTask;
#else
        public Task<AuthorizationRequest> GetAuthorizationContextAsync(string returnUrl) => Task.FromResult<AuthorizationRequest>(null);
        public Task<ErrorMessage> GetErrorContextAsync(string errorId) => Task.FromResult<ErrorMessage>(null);
        public Task<LogoutRequest> GetLogoutContextAsync(string logoutId) => Task.FromResult(new LogoutRequest(null, null));
        public Task<string> CreateLogoutContextAsync() => Task.FromResult<string>(null);
        public Task GrantConsentAsync(AuthorizationRequest request, ConsentResponse consent, string subject = null) => Task.CompletedTask;
        public Task DenyAuthorizationAsync(AuthorizationRequest request, AuthorizationError error, string errorDescription = null) => Task.CompletedTask;
        public Task<IEnumerable<Grant>> GetAllUserGrantsAsync() => Task.FromResult<IEnumerable<Grant>>(Array.Empty<Grant>());
        public Task RevokeUserConsentAsync(string clientId) => Task.CompletedTask;
        public Task RevokeTokensForCurrentSessionAsync() => Task.CompletedTask;
#endif
    }

    public interface IDeviceFlowInteractionService
    {
#if V8
        Task<DeviceFlowAuthorizationRequest> GetAuthorizationContextAsync(string userCode, CancellationToken ct);
        Task<DeviceFlowInteractionResult> HandleRequestAsync(string userCode, ConsentResponse consent, CancellationToken ct);
#else
        Task<DeviceFlowAuthorizationRequest> GetAuthorizationContextAsync(string userCode);
        Task<DeviceFlowInteractionResult> HandleRequestAsync(string userCode, ConsentResponse consent);
#endif
    }

    public interface IEventService
    {
#if V8
        Task RaiseAsync(Event evt, CancellationToken ct);
#else
        Task RaiseAsync(Event evt);
#endif
        bool CanRaiseEventType(EventTypes evtType);
    }

    /// <summary>The miniature's event service: events are accepted and dropped.</summary>
    public class DefaultEventService : IEventService
    {
#if V8
        public Task RaiseAsync(Event evt, CancellationToken ct) => evt == null ? throw new ArgumentNullException(nameof(evt)) : Task.CompletedTask;
#else
        public Task RaiseAsync(Event evt) => evt == null ? throw new ArgumentNullException(nameof(evt)) : Task.CompletedTask;
#endif
        public bool CanRaiseEventType(EventTypes evtType) => false;
    }

    public interface IProfileService
    {
#if V8
        Task GetProfileDataAsync(ProfileDataRequestContext context, CancellationToken ct);
        Task IsActiveAsync(IsActiveContext context, CancellationToken ct);
#else
        Task GetProfileDataAsync(ProfileDataRequestContext context);
        Task IsActiveAsync(IsActiveContext context);
#endif
    }

#if !V8
    // 8.0 removed ICache<T> in favour of HybridCache.
    public interface ICache<T>
    {
        Task<T> GetAsync(string key);
        Task<T> GetOrAddAsync(string key, TimeSpan duration, Func<Task<T>> get);
        Task SetAsync(string key, T item, TimeSpan expiration);
        Task RemoveAsync(string key);
    }
#endif

    // 7.0: replaces HttpContext.GetIdentityServerOrigin/BasePath/BaseUrl.
    public interface IServerUrls
    {
        string Origin { get; set; }
        string BasePath { get; set; }
        string BaseUrl => Origin + BasePath;
    }

    // 7.0: replaces HttpContext.GetIdentityServerIssuerUri().
    public interface IIssuerNameService
    {
#if V8
        Task<string> GetCurrentAsync(CancellationToken ct);
#else
        Task<string> GetCurrentAsync();
#endif
    }
}

namespace Duende.IdentityServer
{
#if !V8
    // 7.0: replaces ISystemClock; 8.0 replaces it with TimeProvider.
    public interface IClock
    {
        DateTimeOffset UtcNow { get; }
    }
#endif
}
