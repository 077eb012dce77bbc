// Duende.IdentityServer 7.4.8 / 8.0.3: test users (identity-server/src/IdentityServer/Test at both tags).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;

namespace Duende.IdentityServer.Test
{
    public class TestUser
    {
        public string SubjectId { get; set; }
        public string Username { get; set; }
        public string Password { get; set; }
        public string ProviderName { get; set; }
        public string ProviderSubjectId { get; set; }
        public bool IsActive { get; set; } = true;
        public ICollection<Claim> Claims { get; set; } = new HashSet<Claim>();
    }

    public class TestUserStore
    {
        private readonly List<TestUser> _users;

        public TestUserStore(List<TestUser> users) => _users = users;

        public bool ValidateCredentials(string username, string password)
        {
            var user = FindByUsername(username);
            if (user == null) return false;
            if (string.IsNullOrWhiteSpace(user.Password) && string.IsNullOrWhiteSpace(password)) return true;
            return Equals(user.Password, password);
        }

        public TestUser FindBySubjectId(string subjectId) => _users.FirstOrDefault(x => x.SubjectId == subjectId);

        public TestUser FindByUsername(string username) =>
            _users.FirstOrDefault(x => x.Username.Equals(username, StringComparison.OrdinalIgnoreCase));

        public TestUser FindByExternalProvider(string provider, string userId) =>
            _users.FirstOrDefault(x => x.ProviderName == provider && x.ProviderSubjectId == userId);

        public TestUser AutoProvisionUser(string provider, string userId, List<Claim> claims)
        {
            var sub = Guid.NewGuid().ToString();
            var user = new TestUser
            {
                SubjectId = sub,
                Username = claims.FirstOrDefault(c => c.Type == "name")?.Value ?? sub,
                ProviderName = provider,
                ProviderSubjectId = userId,
                Claims = claims,
            };
            _users.Add(user);
            return user;
        }

        public TestUser CreateUser(string username, string password, string name = null, string email = null)
        {
            var user = new TestUser { SubjectId = Guid.NewGuid().ToString(), Username = username, Password = password };
            if (name != null) user.Claims.Add(new Claim("name", name));
            if (email != null) user.Claims.Add(new Claim("email", email));
            _users.Add(user);
            return user;
        }
    }
}
