using System;
using Microsoft.EntityFrameworkCore;

namespace Duende.IdentityServer.EntityFramework.Options
{
    public class ConfigurationStoreOptions
    {
        public Action<DbContextOptionsBuilder> ConfigureDbContext { get; set; }
        public Action<IServiceProvider, DbContextOptionsBuilder> ResolveDbContextOptions { get; set; }
        public string DefaultSchema { get; set; }
    }

    public class OperationalStoreOptions
    {
        public Action<DbContextOptionsBuilder> ConfigureDbContext { get; set; }
        public Action<IServiceProvider, DbContextOptionsBuilder> ResolveDbContextOptions { get; set; }
        public string DefaultSchema { get; set; }
        public bool EnableTokenCleanup { get; set; }
        public int TokenCleanupInterval { get; set; } = 3600;
        public int TokenCleanupBatchSize { get; set; } = 100;
    }
}
