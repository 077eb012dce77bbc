// Duende.IdentityServer.Storage 7.4.8 / 8.0.3: the store and service interfaces a host implements or
// injects. 8.0 added a CancellationToken to every method (identity-server/src/Storage/Stores at is-8.0.3).
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Duende.IdentityServer.Models;

namespace Duende.IdentityServer.Stores
{
    public interface IClientStore
    {
#if V8
        Task<Client> FindClientByIdAsync(string clientId, CancellationToken ct);
        // 8.0: required of every implementation.
        IAsyncEnumerable<Client> GetAllClientsAsync(CancellationToken ct);
#else
        Task<Client> FindClientByIdAsync(string clientId);
#endif
    }

    public interface IResourceStore
    {
#if V8
        Task<IReadOnlyCollection<IdentityResource>> FindIdentityResourcesByScopeNameAsync(IEnumerable<string> scopeNames, CancellationToken ct);
        Task<IReadOnlyCollection<ApiScope>> FindApiScopesByNameAsync(IEnumerable<string> scopeNames, CancellationToken ct);
        Task<IReadOnlyCollection<ApiResource>> FindApiResourcesByScopeNameAsync(IEnumerable<string> scopeNames, CancellationToken ct);
        Task<IReadOnlyCollection<ApiResource>> FindApiResourcesByNameAsync(IEnumerable<string> apiResourceNames, CancellationToken ct);
        Task<Resources> GetAllResourcesAsync(CancellationToken ct);
#else
        Task<IEnumerable<IdentityResource>> FindIdentityResourcesByScopeNameAsync(IEnumerable<string> scopeNames);
        Task<IEnumerable<ApiScope>> FindApiScopesByNameAsync(IEnumerable<string> scopeNames);
        Task<IEnumerable<ApiResource>> FindApiResourcesByScopeNameAsync(IEnumerable<string> scopeNames);
        Task<IEnumerable<ApiResource>> FindApiResourcesByNameAsync(IEnumerable<string> apiResourceNames);
        Task<Resources> GetAllResourcesAsync();
#endif
    }

    public class PersistedGrantFilter
    {
        public string SubjectId { get; set; }
        public string SessionId { get; set; }
        public string ClientId { get; set; }
        public string Type { get; set; }
#if V8
        public IReadOnlyCollection<string> ClientIds { get; set; } = new List<string>();
        public IReadOnlyCollection<string> Types { get; set; } = new List<string>();
#else
        public IEnumerable<string> ClientIds { get; set; }
        public IEnumerable<string> Types { get; set; }
#endif
    }

    public interface IPersistedGrantStore
    {
#if V8
        Task StoreAsync(PersistedGrant grant, CancellationToken ct);
        Task<PersistedGrant> GetAsync(string key, CancellationToken ct);
        Task<IReadOnlyCollection<PersistedGrant>> GetAllAsync(PersistedGrantFilter filter, CancellationToken ct);
        Task RemoveAsync(string key, CancellationToken ct);
        Task RemoveAllAsync(PersistedGrantFilter filter, CancellationToken ct);
#else
        Task StoreAsync(PersistedGrant grant);
        Task<PersistedGrant> GetAsync(string key);
        Task<IEnumerable<PersistedGrant>> GetAllAsync(PersistedGrantFilter filter);
        Task RemoveAsync(string key);
        Task RemoveAllAsync(PersistedGrantFilter filter);
#endif
    }
}

namespace Duende.IdentityServer.Services
{
    public interface ICorsPolicyService
    {
#if V8
        Task<bool> IsOriginAllowedAsync(string origin, CancellationToken ct);
#else
        Task<bool> IsOriginAllowedAsync(string origin);
#endif
    }
}
