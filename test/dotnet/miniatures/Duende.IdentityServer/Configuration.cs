using System;

namespace Duende.IdentityServer.Configuration
{
    public class IdentityServerOptions
    {
        public string IssuerUri { get; set; }
        public bool EmitStaticAudienceClaim { get; set; }
        public EventsOptions Events { get; set; } = new EventsOptions();
        public KeyManagementOptions KeyManagement { get; set; } = new KeyManagementOptions();
        // v5 reads the key from here or from Duende_IdentityServer_License.key; it only logs without one.
        public string LicenseKey { get; set; }
    }

    // Defaults as documented for Duende IdentityServer 5 automatic key management.
    public class KeyManagementOptions
    {
        public bool Enabled { get; set; } = true;
        public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(90);
        public TimeSpan PropagationTime { get; set; } = TimeSpan.FromDays(14);
        public TimeSpan RetentionDuration { get; set; } = TimeSpan.FromDays(14);
        public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromHours(24);
        public bool DataProtectKeys { get; set; } = true;
        public string KeyPath { get; set; } = System.IO.Path.Combine(System.IO.Directory.GetCurrentDirectory(), "keys");
    }

    public class EventsOptions
    {
        public bool RaiseSuccessEvents { get; set; }
        public bool RaiseFailureEvents { get; set; }
        public bool RaiseInformationEvents { get; set; }
        public bool RaiseErrorEvents { get; set; }
    }
}
