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
        public TestUserStore(List<TestUser> users) { _users = users; }
        public bool ValidateCredentials(string username, string password) =>
            FindByUsername(username) is { } user && user.Password == password;
        public TestUser FindBySubjectId(string subjectId) => _users.FirstOrDefault(x => x.SubjectId == subjectId);
        public TestUser FindByUsername(string username) => _users.FirstOrDefault(x => x.Username == username);
    }
}
