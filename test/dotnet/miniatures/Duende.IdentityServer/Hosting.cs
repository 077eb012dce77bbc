using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Duende.IdentityServer.Hosting
{
    // Upgraded quickstart views name this type in typeof(...).
    public class IdentityServerMiddleware
    {
        private readonly RequestDelegate _next;
        public IdentityServerMiddleware(RequestDelegate next) { _next = next; }
        public Task Invoke(HttpContext context) => _next(context);
    }
}

namespace Duende.IdentityServer.Extensions
{
    public static class PrincipalExtensions
    {
        public static bool IsAuthenticated(this ClaimsPrincipal principal) =>
            principal?.Identity?.IsAuthenticated == true;

        public static string GetDisplayName(this ClaimsPrincipal principal) =>
            principal?.FindFirst("name")?.Value ?? principal?.FindFirst("sub")?.Value ?? string.Empty;

        public static string GetSubjectId(this ClaimsPrincipal principal) => principal?.FindFirst("sub")?.Value;
    }
}
