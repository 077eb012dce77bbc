// Duende.IdentityServer.AspNetIdentity 7.4.8 / 8.0.3 (identity-server/src/AspNetIdentity at both tags):
// the registration and the profile service a host built on ASP.NET Identity uses.
using System;
using System.Threading;
using System.Threading.Tasks;
using Duende.IdentityServer.Models;
using Duende.IdentityServer.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection
{
    public static class IdentityServerBuilderExtensions
    {
        public static IIdentityServerBuilder AddAspNetIdentity<TUser>(this IIdentityServerBuilder builder)
            where TUser : class
        {
            builder.Services.AddTransient<IProfileService, Duende.IdentityServer.AspNetIdentity.ProfileService<TUser>>();
            return builder;
        }
    }
}

namespace Duende.IdentityServer.AspNetIdentity
{
    public class ProfileService<TUser> : IProfileService
        where TUser : class
    {
        protected readonly UserManager<TUser> UserManager;
        protected readonly IUserClaimsPrincipalFactory<TUser> ClaimsFactory;
        protected readonly ILogger<ProfileService<TUser>> Logger;

        public ProfileService(UserManager<TUser> userManager, IUserClaimsPrincipalFactory<TUser> claimsFactory)
        {
            UserManager = userManager;
            ClaimsFactory = claimsFactory;
        }

        public ProfileService(UserManager<TUser> userManager, IUserClaimsPrincipalFactory<TUser> claimsFactory, ILogger<ProfileService<TUser>> logger)
            : this(userManager, claimsFactory)
        {
            Logger = logger;
        }

#if V8
        public virtual Task GetProfileDataAsync(ProfileDataRequestContext context, CancellationToken ct) => Task.CompletedTask;
        public virtual Task IsActiveAsync(IsActiveContext context, CancellationToken ct) => Task.CompletedTask;
#else
        public virtual Task GetProfileDataAsync(ProfileDataRequestContext context) => Task.CompletedTask;
        public virtual Task IsActiveAsync(IsActiveContext context) => Task.CompletedTask;
#endif

        public virtual Task<bool> IsUserActiveAsync(TUser user) => Task.FromResult(true);
    }
}
