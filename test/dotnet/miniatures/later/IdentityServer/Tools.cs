// Duende.IdentityServer 7.4.8 / 8.0.3 (identity-server/src/IdentityServer/IdentityServerTools.cs): inject
// IIdentityServerTools (7.0 made the concrete class fail to resolve).
using System;
using System.Collections.Generic;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;

namespace Duende.IdentityServer
{
    public interface IIdentityServerTools
    {
#if V8
        Task<string> IssueJwtAsync(int lifetime, IEnumerable<Claim> claims, CancellationToken ct);
        Task<string> IssueJwtAsync(int lifetime, string issuer, IEnumerable<Claim> claims, CancellationToken ct);
        Task<string> IssueJwtAsync(int lifetime, string issuer, string tokenType, IEnumerable<Claim> claims, CancellationToken ct);
        Task<string> IssueClientJwtAsync(string clientId, int lifetime, CancellationToken ct, IEnumerable<string> scopes = null, IEnumerable<string> audiences = null, IEnumerable<Claim> additionalClaims = null);
#else
        Task<string> IssueJwtAsync(int lifetime, IEnumerable<Claim> claims);
        Task<string> IssueJwtAsync(int lifetime, string issuer, IEnumerable<Claim> claims);
        Task<string> IssueJwtAsync(int lifetime, string issuer, string tokenType, IEnumerable<Claim> claims);
        Task<string> IssueClientJwtAsync(string clientId, int lifetime, IEnumerable<string> scopes = null, IEnumerable<string> audiences = null, IEnumerable<Claim> additionalClaims = null);
#endif
    }
}
