namespace IdentityServer4.Configuration
{
    public class IdentityServerOptions
    {
        public string IssuerUri { get; set; }
        public bool EmitStaticAudienceClaim { get; set; }
        public EventsOptions Events { get; set; } = new EventsOptions();
    }

    public class EventsOptions
    {
        public bool RaiseSuccessEvents { get; set; }
        public bool RaiseFailureEvents { get; set; }
        public bool RaiseInformationEvents { get; set; }
        public bool RaiseErrorEvents { get; set; }
    }
}
