using System.Collections.Generic;
using System.Security.Claims;
using IdentityServer4.Test;

namespace IdentityServerHost.Quickstart.UI
{
    public class TestUsers
    {
        public static List<TestUser> Users => new List<TestUser>
        {
            new TestUser
            {
                SubjectId = "818727",
                Username = "alice",
                Password = "alice",
                Claims =
                {
                    new Claim("name", "Alice Smith"),
                    new Claim("given_name", "Alice"),
                    new Claim("family_name", "Smith"),
                    new Claim("email", "AliceSmith@email.com"),
                }
            },
            new TestUser
            {
                SubjectId = "88421113",
                Username = "bob",
                Password = "bob",
                Claims =
                {
                    new Claim("name", "Bob Smith"),
                    new Claim("given_name", "Bob"),
                    new Claim("family_name", "Smith"),
                    new Claim("email", "BobSmith@email.com"),
                }
            }
        };
    }
}
