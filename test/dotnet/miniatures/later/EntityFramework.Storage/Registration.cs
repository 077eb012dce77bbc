// Duende.IdentityServer.EntityFramework.Storage 7.4.8 / 8.0.3 (identity-server/src/EntityFramework.Storage/
// Configuration/ServiceCollectionExtensions.cs at both tags).
using System;
using Duende.IdentityServer.EntityFramework.DbContexts;
using Duende.IdentityServer.EntityFramework.Interfaces;
using Duende.IdentityServer.EntityFramework.Options;
using Duende.IdentityServer.EntityFramework.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Duende.IdentityServer.EntityFramework.Storage
{
    public static class IdentityServerEntityFrameworkBuilderExtensions
    {
        public static IServiceCollection AddConfigurationDbContext(this IServiceCollection services, Action<ConfigurationStoreOptions> storeOptionsAction = null) =>
            services.AddConfigurationDbContext<ConfigurationDbContext>(storeOptionsAction);

        public static IServiceCollection AddOperationalDbContext(this IServiceCollection services, Action<OperationalStoreOptions> storeOptionsAction = null) =>
            services.AddOperationalDbContext<PersistedGrantDbContext>(storeOptionsAction);

        public static IServiceCollection AddConfigurationDbContext<TContext>(this IServiceCollection services, Action<ConfigurationStoreOptions> storeOptionsAction = null)
            where TContext : DbContext, IConfigurationDbContext
        {
            var options = new ConfigurationStoreOptions();
            storeOptionsAction?.Invoke(options);
            services.AddSingleton(options);
            services.AddDbContext<TContext>((sp, db) =>
            {
                if (options.ResolveDbContextOptions != null) options.ResolveDbContextOptions(sp, db);
                else options.ConfigureDbContext?.Invoke(db);
            });
            services.AddScoped<IConfigurationDbContext>(sp => sp.GetRequiredService<TContext>());
            return services;
        }

        public static IServiceCollection AddOperationalDbContext<TContext>(this IServiceCollection services, Action<OperationalStoreOptions> storeOptionsAction = null)
            where TContext : DbContext, IPersistedGrantDbContext
        {
            var options = new OperationalStoreOptions();
            storeOptionsAction?.Invoke(options);
            services.AddSingleton(options);
            services.AddDbContext<TContext>((sp, db) =>
            {
                if (options.ResolveDbContextOptions != null) options.ResolveDbContextOptions(sp, db);
                else options.ConfigureDbContext?.Invoke(db);
            });
            services.AddScoped<IPersistedGrantDbContext>(sp => sp.GetRequiredService<TContext>());
            return services;
        }
    }
}
