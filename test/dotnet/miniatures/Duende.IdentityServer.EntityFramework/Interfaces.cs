using System;
using System.Threading.Tasks;
using Duende.IdentityServer.EntityFramework.Entities;
using Microsoft.EntityFrameworkCore;

namespace Duende.IdentityServer.EntityFramework.Interfaces
{
    public interface IPersistedGrantDbContext : IDisposable
    {
        DbSet<PersistedGrant> PersistedGrants { get; set; }
        DbSet<DeviceFlowCodes> DeviceFlowCodes { get; set; }
        DbSet<Key> Keys { get; set; }
        Task<int> SaveChangesAsync();
    }

    public interface IConfigurationDbContext : IDisposable
    {
        DbSet<Client> Clients { get; set; }
        DbSet<IdentityResource> IdentityResources { get; set; }
        DbSet<ApiResource> ApiResources { get; set; }
        DbSet<ApiScope> ApiScopes { get; set; }
        DbSet<IdentityProvider> IdentityProviders { get; set; }
        Task<int> SaveChangesAsync();
    }
}
