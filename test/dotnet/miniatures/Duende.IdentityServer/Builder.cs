using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Duende.IdentityServer;
using Duende.IdentityServer.Configuration;
using Duende.IdentityServer.Hosting;
using Duende.IdentityServer.Models;
using Duende.IdentityServer.Services;
using Duende.IdentityServer.Stores;
using Duende.IdentityServer.Test;
using Microsoft.AspNetCore.Builder;

// The real package declares the builder and its extensions here, so hosts call them without a using.
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

    /// <summary>What a signing registration left behind, so tests and hosts can see which key is in use.</summary>
    public class SigningCredentialRegistration
    {
        public string Source { get; set; }
        public string Algorithm { get; set; }
        public bool ValidationOnly { get; set; }
    }

    public static class IdentityServerServiceCollectionExtensions
    {
        public static IIdentityServerBuilder AddIdentityServer(this IServiceCollection services) =>
            services.AddIdentityServer(_ => { });

        public static IIdentityServerBuilder AddIdentityServer(this IServiceCollection services, Action<IdentityServerOptions> setupAction)
        {
            var options = new IdentityServerOptions();
            setupAction?.Invoke(options);
            services.AddSingleton(options);
            services.AddTransient<IIdentityServerInteractionService, DefaultIdentityServerInteractionService>();
            return new IdentityServerBuilder(services);
        }
    }

    public static class IdentityServerBuilderExtensionsCrypto
    {
        public static IIdentityServerBuilder AddSigningCredential(this IIdentityServerBuilder builder, X509Certificate2 certificate, string signingAlgorithm = "RS256")
        {
            // Same failure the real package gives when a certificate fails to load at design time.
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

        public static IIdentityServerBuilder AddDeveloperSigningCredential(this IIdentityServerBuilder builder, bool persistKey = true, string filename = null,
            IdentityServerConstants.RsaSigningAlgorithm signingAlgorithm = IdentityServerConstants.RsaSigningAlgorithm.RS256)
        {
            // Like Duende.IdentityServer 4.x: the key is made while services are configured and kept in tempkey.jwk in the current directory.
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
        public static IIdentityServerBuilder AddInMemoryClients(this IIdentityServerBuilder builder, IEnumerable<Client> clients)
        {
            builder.Services.AddSingleton(clients);
            builder.Services.AddTransient<IClientStore, InMemoryClientStore>();
            return builder;
        }

        public static IIdentityServerBuilder AddInMemoryApiScopes(this IIdentityServerBuilder builder, IEnumerable<ApiScope> scopes)
        {
            builder.Services.AddSingleton(scopes);
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

    public static class IdentityServerBuilderExtensionsTestUsers
    {
        public static IIdentityServerBuilder AddTestUsers(this IIdentityServerBuilder builder, List<TestUser> users)
        {
            builder.Services.AddSingleton(new TestUserStore(users));
            return builder;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    public static class IdentityServerApplicationBuilderExtensions
    {
        public static IApplicationBuilder UseIdentityServer(this IApplicationBuilder app) =>
            app.UseMiddleware<IdentityServerMiddleware>();
    }
}
