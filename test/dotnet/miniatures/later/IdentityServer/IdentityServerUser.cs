// Duende.IdentityServer 7.4.8 / 8.0.3 (identity-server/src/IdentityServer/IdentityServerUser.cs,
// Extensions/HttpContextAuthenticationExtensions.cs, PrincipalExtensions.cs, IClientStoreExtensions.cs,
// IResourceStoreExtensions.cs at both tags).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Security.Principal;
using System.Threading;
using System.Threading.Tasks;
using Duende.IdentityServer;
using Duende.IdentityServer.Models;
using Microsoft.AspNetCore.Authentication;

namespace Duende.IdentityServer
{
    public class IdentityServerUser
    {
        public IdentityServerUser(string subjectId)
        {
            if (string.IsNullOrWhiteSpace(subjectId)) throw new ArgumentException("SubjectId is mandatory", nameof(subjectId));
            SubjectId = subjectId;
        }

        public string SubjectId { get; }
        public string DisplayName { get; set; }
        public string IdentityProvider { get; set; }
        public string Tenant { get; set; }
        public ICollection<string> AuthenticationMethods { get; set; } = new HashSet<string>();
        public DateTime? AuthenticationTime { get; set; }
        public ICollection<Claim> AdditionalClaims { get; set; } = new HashSet<Claim>();

        public ClaimsPrincipal CreatePrincipal()
        {
            var claims = new List<Claim> { new Claim("sub", SubjectId) };
            if (!string.IsNullOrWhiteSpace(DisplayName)) claims.Add(new Claim("name", DisplayName));
            if (!string.IsNullOrWhiteSpace(IdentityProvider)) claims.Add(new Claim("idp", IdentityProvider));
            if (!string.IsNullOrWhiteSpace(Tenant)) claims.Add(new Claim(IdentityServerConstants.ClaimTypes.Tenant, Tenant));
            if (AuthenticationTime.HasValue) claims.Add(new Claim("auth_time", new DateTimeOffset(AuthenticationTime.Value).ToUnixTimeSeconds().ToString()));
            claims.AddRange(AuthenticationMethods.Select(m => new Claim("amr", m)));
            claims.AddRange(AdditionalClaims);
            return new ClaimsPrincipal(new ClaimsIdentity(claims.Distinct(), "IdentityServer", "name", "role"));
        }
    }
}

namespace Microsoft.AspNetCore.Http
{
    public static class AuthenticationManagerExtensions
    {
        public static Task SignInAsync(this HttpContext context, IdentityServerUser user) =>
            context.SignInAsync(IdentityServerConstants.DefaultCookieAuthenticationScheme, user.CreatePrincipal());

        public static Task SignInAsync(this HttpContext context, IdentityServerUser user, AuthenticationProperties properties) =>
            context.SignInAsync(IdentityServerConstants.DefaultCookieAuthenticationScheme, user.CreatePrincipal(), properties);
    }
}

namespace Duende.IdentityServer.Extensions
{
    public static class PrincipalExtensions
    {
        public static DateTime GetAuthenticationTime(this IPrincipal principal) =>
            DateTimeOffset.FromUnixTimeSeconds(principal.GetAuthenticationTimeEpoch()).UtcDateTime;

        public static long GetAuthenticationTimeEpoch(this IPrincipal principal) => principal.Identity.GetAuthenticationTimeEpoch();

        public static long GetAuthenticationTimeEpoch(this IIdentity identity) =>
            long.Parse((identity as ClaimsIdentity)?.FindFirst("auth_time")?.Value ?? throw new InvalidOperationException("auth_time is missing."));

        public static string GetSubjectId(this IPrincipal principal) => principal.Identity.GetSubjectId();

        public static string GetSubjectId(this IIdentity identity) =>
            (identity as ClaimsIdentity)?.FindFirst("sub")?.Value ?? throw new InvalidOperationException("sub claim is missing");

        public static string GetDisplayName(this ClaimsPrincipal principal) =>
            principal.FindFirst("name")?.Value ?? principal.FindFirst("sub")?.Value ?? string.Empty;

        public static string GetAuthenticationMethod(this IPrincipal principal) => principal.Identity.GetAuthenticationMethod();

        public static IEnumerable<Claim> GetAuthenticationMethods(this IPrincipal principal) => principal.Identity.GetAuthenticationMethods();

        public static string GetAuthenticationMethod(this IIdentity identity) =>
            (identity as ClaimsIdentity)?.FindFirst("amr")?.Value ?? throw new InvalidOperationException("amr claim is missing");

        public static IEnumerable<Claim> GetAuthenticationMethods(this IIdentity identity) =>
            (identity as ClaimsIdentity)?.FindAll("amr") ?? Enumerable.Empty<Claim>();

        public static string GetIdentityProvider(this IPrincipal principal) => principal.Identity.GetIdentityProvider();

        public static string GetIdentityProvider(this IIdentity identity) =>
            (identity as ClaimsIdentity)?.FindFirst("idp")?.Value ?? throw new InvalidOperationException("idp claim is missing");

        public static string GetTenant(this ClaimsPrincipal principal) => principal.FindFirst(IdentityServerConstants.ClaimTypes.Tenant)?.Value;

        public static bool IsAuthenticated(this IPrincipal principal) =>
            principal != null && principal.Identity != null && principal.Identity.IsAuthenticated;
    }

    // 7.0 removed the HttpContext helpers (GetSchemeSupportsSignOutAsync, GetIdentityServerIssuerUri, ...):
    // only the class is left, with internal members.
    public static class HttpContextExtensions { }
}

namespace Duende.IdentityServer.Stores
{
    public static class IClientStoreExtensions
    {
#if V8
        public static async Task<Client> FindEnabledClientByIdAsync(this IClientStore store, string clientId, CancellationToken ct)
        {
            var client = await store.FindClientByIdAsync(clientId, ct);
            return client != null && client.Enabled ? client : null;
        }
#else
        public static async Task<Client> FindEnabledClientByIdAsync(this IClientStore store, string clientId)
        {
            var client = await store.FindClientByIdAsync(clientId);
            return client != null && client.Enabled ? client : null;
        }
#endif
    }

    public static class IResourceStoreExtensions
    {
#if V8
        public static async Task<Resources> FindResourcesByScopeAsync(this IResourceStore store, IEnumerable<string> scopeNames, CancellationToken ct) =>
            new Resources(
                await store.FindIdentityResourcesByScopeNameAsync(scopeNames, ct),
                await store.FindApiResourcesByScopeNameAsync(scopeNames, ct),
                await store.FindApiScopesByNameAsync(scopeNames, ct));

        public static async Task<Resources> FindEnabledResourcesByScopeAsync(this IResourceStore store, IEnumerable<string> scopeNames, CancellationToken ct) =>
            await store.FindResourcesByScopeAsync(scopeNames, ct);

        public static Task<Resources> GetAllEnabledResourcesAsync(this IResourceStore store, CancellationToken ct) => store.GetAllResourcesAsync(ct);
#else
        public static async Task<Resources> FindResourcesByScopeAsync(this IResourceStore store, IEnumerable<string> scopeNames) =>
            new Resources(
                await store.FindIdentityResourcesByScopeNameAsync(scopeNames),
                await store.FindApiResourcesByScopeNameAsync(scopeNames),
                await store.FindApiScopesByNameAsync(scopeNames));

        public static async Task<Resources> FindEnabledResourcesByScopeAsync(this IResourceStore store, IEnumerable<string> scopeNames) =>
            await store.FindResourcesByScopeAsync(scopeNames);

        public static Task<Resources> GetAllEnabledResourcesAsync(this IResourceStore store) => store.GetAllResourcesAsync();
#endif
    }
}
