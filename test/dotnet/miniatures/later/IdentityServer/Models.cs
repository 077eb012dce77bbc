// Duende.IdentityServer 7.4.8 / 8.0.3: GrantTypes, IdentityResources, resource helpers
// (identity-server/src/IdentityServer/Models and Extensions/ResourceExtensions.cs at both tags).
using System.Collections.Generic;
using System.Linq;

namespace Duende.IdentityServer.Models
{
    public static class GrantTypes
    {
        public static ICollection<string> Implicit => new[] { GrantType.Implicit };
        public static ICollection<string> ImplicitAndClientCredentials => new[] { GrantType.Implicit, GrantType.ClientCredentials };
        public static ICollection<string> Code => new[] { GrantType.AuthorizationCode };
        public static ICollection<string> CodeAndClientCredentials => new[] { GrantType.AuthorizationCode, GrantType.ClientCredentials };
        public static ICollection<string> Hybrid => new[] { GrantType.Hybrid };
        public static ICollection<string> HybridAndClientCredentials => new[] { GrantType.Hybrid, GrantType.ClientCredentials };
        public static ICollection<string> ClientCredentials => new[] { GrantType.ClientCredentials };
        public static ICollection<string> ResourceOwnerPassword => new[] { GrantType.ResourceOwnerPassword };
        public static ICollection<string> ResourceOwnerPasswordAndClientCredentials => new[] { GrantType.ResourceOwnerPassword, GrantType.ClientCredentials };
        public static ICollection<string> DeviceFlow => new[] { GrantType.DeviceFlow };
        public static ICollection<string> Ciba => new[] { "urn:openid:params:grant-type:ciba" };
    }

    public static class IdentityResources
    {
        public class OpenId : IdentityResource
        {
            public OpenId() { Name = IdentityServerConstants.StandardScopes.OpenId; DisplayName = "Your user identifier"; Required = true; UserClaims.Add("sub"); }
        }

        public class Profile : IdentityResource
        {
            public Profile()
            {
                Name = IdentityServerConstants.StandardScopes.Profile; DisplayName = "User profile"; Description = "Your user profile information (first name, last name, etc.)"; Emphasize = true;
                foreach (var c in new[] { "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at" }) UserClaims.Add(c);
            }
        }

        public class Email : IdentityResource
        {
            public Email() { Name = IdentityServerConstants.StandardScopes.Email; DisplayName = "Your email address"; Emphasize = true; UserClaims.Add("email"); UserClaims.Add("email_verified"); }
        }

        public class Phone : IdentityResource
        {
            public Phone() { Name = IdentityServerConstants.StandardScopes.Phone; DisplayName = "Your phone number"; Emphasize = true; UserClaims.Add("phone_number"); UserClaims.Add("phone_number_verified"); }
        }

        public class Address : IdentityResource
        {
            public Address() { Name = IdentityServerConstants.StandardScopes.Address; DisplayName = "Your postal address"; Emphasize = true; UserClaims.Add("address"); }
        }
    }

    public static class ResourceExtensions
    {
        public static IEnumerable<string> ToScopeNames(this Resources resources)
        {
            var names = resources.IdentityResources.Select(x => x.Name).Concat(resources.ApiScopes.Select(x => x.Name)).ToList();
            if (resources.OfflineAccess) names.Add(IdentityServerConstants.StandardScopes.OfflineAccess);
            return names;
        }

        public static ApiScope FindApiScope(this Resources resources, string name) =>
            resources.ApiScopes.FirstOrDefault(s => s.Name == name);
    }
}
