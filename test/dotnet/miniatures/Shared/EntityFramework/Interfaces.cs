// The store context interfaces of every miniature version (see Entities.cs for the SCHEMA_x_y symbols).
using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
#if IS4
using IdentityServer4.EntityFramework.Entities;
#else
using Duende.IdentityServer.EntityFramework.Entities;
#endif

#if IS4
namespace IdentityServer4.EntityFramework.Interfaces
#else
namespace Duende.IdentityServer.EntityFramework.Interfaces
#endif
{
    public interface IPersistedGrantDbContext : IDisposable
    {
        DbSet<PersistedGrant> PersistedGrants { get; set; }
        DbSet<DeviceFlowCodes> DeviceFlowCodes { get; set; }
#if SCHEMA_5_2
        DbSet<Key> Keys { get; set; }
#endif
#if SCHEMA_6_1
        DbSet<ServerSideSession> ServerSideSessions { get; set; }
#endif
#if SCHEMA_7_0
        DbSet<PushedAuthorizationRequest> PushedAuthorizationRequests { get; set; }
#endif
#if SCHEMA_8_0
        DbSet<SamlSigninState> SamlSigninStates { get; set; }
        DbSet<SamlLogoutSession> SamlLogoutSessions { get; set; }
        DbSet<SamlLogoutSessionRequestIndex> SamlLogoutSessionRequestIndices { get; set; }
#endif
        // IdentityServer4 declared SaveChangesAsync(), Duende 5 dropped it, 6.0 brought it back with a token.
#if SCHEMA_6_0
        Task<int> SaveChangesAsync(CancellationToken cancellationToken);
        Task<int> SaveChangesAsync() => SaveChangesAsync(CancellationToken.None);
#elif IS4
        Task<int> SaveChangesAsync();
#endif
    }

    public interface IConfigurationDbContext : IDisposable
    {
        DbSet<Client> Clients { get; set; }
        DbSet<ClientCorsOrigin> ClientCorsOrigins { get; set; }
        DbSet<IdentityResource> IdentityResources { get; set; }
        DbSet<ApiResource> ApiResources { get; set; }
        DbSet<ApiScope> ApiScopes { get; set; }
#if SCHEMA_5_2
        DbSet<IdentityProvider> IdentityProviders { get; set; }
#endif
#if SCHEMA_8_0
        DbSet<SamlServiceProvider> SamlServiceProviders { get; set; }
#endif
        // IdentityServer4 declared SaveChangesAsync(), Duende 5 dropped it, 6.0 brought it back with a token.
#if SCHEMA_6_0
        Task<int> SaveChangesAsync(CancellationToken cancellationToken);
        Task<int> SaveChangesAsync() => SaveChangesAsync(CancellationToken.None);
#elif IS4
        Task<int> SaveChangesAsync();
#endif
    }
}
