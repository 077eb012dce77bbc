using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using IdentityServer4.Models;

namespace IdentityServer4.Services
{
    public interface IIdentityServerInteractionService
    {
        Task<AuthorizationRequest> GetAuthorizationContextAsync(string returnUrl);
        Task<LogoutRequest> GetLogoutContextAsync(string logoutId);
        bool IsValidReturnUrl(string returnUrl);
    }

    public class DefaultIdentityServerInteractionService : IIdentityServerInteractionService
    {
        public Task<AuthorizationRequest> GetAuthorizationContextAsync(string returnUrl) => Task.FromResult<AuthorizationRequest>(null);
        public Task<LogoutRequest> GetLogoutContextAsync(string logoutId) => Task.FromResult(new LogoutRequest());
        public bool IsValidReturnUrl(string returnUrl) => returnUrl != null && returnUrl.StartsWith('/');
    }
}

namespace IdentityServer4.Stores
{
    public interface IClientStore
    {
        Task<Client> FindClientByIdAsync(string clientId);
    }

    public interface IPersistedGrantStore
    {
        Task StoreAsync(PersistedGrant grant);
        Task<PersistedGrant> GetAsync(string key);
        Task RemoveAsync(string key);
    }

    public class InMemoryClientStore : IClientStore
    {
        private readonly IEnumerable<Client> _clients;
        public InMemoryClientStore(IEnumerable<Client> clients) { _clients = clients; }
        public Task<Client> FindClientByIdAsync(string clientId) =>
            Task.FromResult(_clients.FirstOrDefault(c => c.ClientId == clientId));
    }
}
