// Duende.IdentityServer 7.4.8 / 8.0.3: registration (identity-server/src/IdentityServer/Configuration/
// DependencyInjection at both tags) and the middleware. The miniature's middleware answers the discovery
// document with a minimal body, so a test can see an upgraded host start and serve it; nothing else.
using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Tasks;
using Duende.IdentityServer;
using Duende.IdentityServer.Configuration;
using Duende.IdentityServer.Hosting;
using Duende.IdentityServer.Models;
using Duende.IdentityServer.Services;
using Duende.IdentityServer.Stores;
using Duende.IdentityServer.Test;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection
{
    public interface IIdentityServerBuilder
    {
        IServiceCollection Services { get; }
    }

    public class IdentityServerBuilder : IIdentityServerBuilder
    {
        public IdentityServerBuilder(IServiceCollection services) { Services = services ?? throw new ArgumentNullException(nameof(services)); }
        public IServiceCollection Services { get; }
    }

    /// <summary>What a signing registration left behind, so tests and hosts can see which key is in use (miniature only).</summary>
    public class SigningCredentialRegistration
    {
        public string Source { get; set; }
        public string Algorithm { get; set; }
        public bool ValidationOnly { get; set; }
    }

    public static class IdentityServerServiceCollectionExtensions
    {
        public static IIdentityServerBuilder AddIdentityServerBuilder(this IServiceCollection services) => new IdentityServerBuilder(services);

        public static IIdentityServerBuilder AddIdentityServer(this IServiceCollection services) =>
            services.AddIdentityServer((Action<IdentityServerOptions>)(_ => { }));

        public static IIdentityServerBuilder AddIdentityServer(this IServiceCollection services, Action<IdentityServerOptions> setupAction)
        {
            var options = new IdentityServerOptions();
            setupAction?.Invoke(options);
            services.AddSingleton(options);
            services.AddTransient<IIdentityServerInteractionService, DefaultIdentityServerInteractionService>();
            services.AddTransient<IEventService, DefaultEventService>();
            return new IdentityServerBuilder(services);
        }

        public static IIdentityServerBuilder AddIdentityServer(this IServiceCollection services, IConfiguration configuration)
        {
            return services.AddIdentityServer(o => configuration?.Bind(o));
        }
    }

    public static class IdentityServerBuilderExtensionsCrypto
    {
        public static IIdentityServerBuilder AddSigningCredential(this IIdentityServerBuilder builder, X509Certificate2 certificate, string signingAlgorithm = "RS256")
        {
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            builder.Services.AddSingleton(new SigningCredentialRegistration { Source = certificate.Subject, Algorithm = signingAlgorithm });
            return builder;
        }

        public static IIdentityServerBuilder AddValidationKey(this IIdentityServerBuilder builder, X509Certificate2 certificate, string signingAlgorithm = "RS256")
        {
            if (certificate == null) throw new ArgumentNullException(nameof(certificate));
            builder.Services.AddSingleton(new SigningCredentialRegistration { Source = certificate.Subject, Algorithm = signingAlgorithm, ValidationOnly = true });
            return builder;
        }

        public static IIdentityServerBuilder AddDeveloperSigningCredential(
            this IIdentityServerBuilder builder,
            bool persistKey = true,
            string filename = null,
            IdentityServerConstants.RsaSigningAlgorithm signingAlgorithm = IdentityServerConstants.RsaSigningAlgorithm.RS256)
        {
            filename ??= Path.Combine(Directory.GetCurrentDirectory(), "tempkey.jwk");
            if (persistKey && !File.Exists(filename))
            {
                using var rsa = RSA.Create(2048);
                var p = rsa.ExportParameters(false);
                var jwk = new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["kid"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
                    ["alg"] = signingAlgorithm.ToString(),
                    ["n"] = Convert.ToBase64String(p.Modulus),
                    ["e"] = Convert.ToBase64String(p.Exponent),
                };
                File.WriteAllText(filename, JsonSerializer.Serialize(jwk));
            }
            builder.Services.AddSingleton(new SigningCredentialRegistration { Source = persistKey ? filename : "ephemeral", Algorithm = signingAlgorithm.ToString() });
            return builder;
        }
    }

    public static class IdentityServerBuilderExtensionsInMemory
    {
        public static IIdentityServerBuilder AddInMemoryClients(this IIdentityServerBuilder builder, ICollection<Client> clients) =>
            builder.AddInMemoryClients((IEnumerable<Client>)clients);

        public static IIdentityServerBuilder AddInMemoryClients(this IIdentityServerBuilder builder, IEnumerable<Client> clients)
        {
            builder.Services.AddSingleton(clients);
            return builder;
        }

        public static IIdentityServerBuilder AddInMemoryApiScopes(this IIdentityServerBuilder builder, IEnumerable<ApiScope> apiScopes)
        {
            builder.Services.AddSingleton(apiScopes);
            return builder;
        }

        public static IIdentityServerBuilder AddInMemoryApiResources(this IIdentityServerBuilder builder, IEnumerable<ApiResource> apiResources)
        {
            builder.Services.AddSingleton(apiResources);
            return builder;
        }

        public static IIdentityServerBuilder AddInMemoryIdentityResources(this IIdentityServerBuilder builder, IEnumerable<IdentityResource> identityResources)
        {
            builder.Services.AddSingleton(identityResources);
            return builder;
        }
    }

    public static class IdentityServerBuilderExtensionsAdditional
    {
        public static IIdentityServerBuilder AddProfileService<T>(this IIdentityServerBuilder builder) where T : class, IProfileService
        {
            builder.Services.AddTransient<IProfileService, T>();
            return builder;
        }

        public static IIdentityServerBuilder AddCorsPolicyService<T>(this IIdentityServerBuilder builder) where T : class, ICorsPolicyService
        {
            builder.Services.AddTransient<ICorsPolicyService, T>();
            return builder;
        }
    }

    public static class IdentityServerBuilderExtensionsTestUsers
    {
        public static IIdentityServerBuilder AddTestUsers(this IIdentityServerBuilder builder, List<TestUser> users)
        {
            builder.Services.AddSingleton(new TestUserStore(users));
            return builder;
        }
    }
}

namespace Duende.IdentityServer.Configuration
{
    public class IdentityServerMiddlewareOptions
    {
        public Action<IApplicationBuilder> AuthenticationMiddleware { get; set; } = app => app.UseAuthentication();
    }
}

namespace Microsoft.AspNetCore.Builder
{
    public static class IdentityServerApplicationBuilderExtensions
    {
        public static IApplicationBuilder UseIdentityServer(this IApplicationBuilder app, IdentityServerMiddlewareOptions options = null)
        {
            app.UseMiddleware<IdentityServerMiddleware>();
            return app;
        }
    }
}

namespace Duende.IdentityServer.Hosting
{
    public class IdentityServerMiddleware
    {
        private readonly RequestDelegate _next;

        public IdentityServerMiddleware(RequestDelegate next) { _next = next; }

        public Task Invoke(HttpContext context)
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != "/" + IdentityServerConstants.ProtocolRoutePaths.DiscoveryConfiguration)
                return _next(context);
            var options = context.RequestServices.GetService(typeof(IdentityServerOptions)) as IdentityServerOptions;
            var issuer = options?.IssuerUri ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
            var document = new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["jwks_uri"] = $"{issuer}/{IdentityServerConstants.ProtocolRoutePaths.DiscoveryWebKeys}",
                ["authorization_endpoint"] = $"{issuer}/{IdentityServerConstants.ProtocolRoutePaths.Authorize}",
                ["token_endpoint"] = $"{issuer}/{IdentityServerConstants.ProtocolRoutePaths.Token}",
            };
            context.Response.ContentType = "application/json; charset=UTF-8";
            return context.Response.WriteAsync(JsonSerializer.Serialize(document));
        }
    }
}
