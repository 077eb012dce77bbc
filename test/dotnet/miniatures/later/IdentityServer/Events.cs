// Duende.IdentityServer 7.4.8 / 8.0.3: the events the quickstart UI raises
// (identity-server/src/IdentityServer/Events at is-7.4.8 and is-8.0.3; the same in both).
using System;
using System.Collections.Generic;

namespace Duende.IdentityServer.Events
{
    public enum EventTypes { Success = 1, Failure = 2, Information = 3, Error = 4 }

    public static class EventCategories
    {
        public const string Authentication = "Authentication";
        public const string Token = "Token";
        public const string Grants = "Grants";
        public const string Error = "Error";
        public const string DeviceFlow = "Device";
    }

    public abstract class Event
    {
        protected Event(string category, string name, EventTypes type, int id, string message = null)
        {
            Category = category ?? throw new ArgumentNullException(nameof(category));
            Name = name ?? throw new ArgumentNullException(nameof(name));
            EventType = type;
            Id = id;
            Message = message;
            TimeStamp = DateTime.UtcNow;
        }

        public string Category { get; set; }
        public string Name { get; set; }
        public EventTypes EventType { get; set; }
        public int Id { get; set; }
        public string Message { get; set; }
        public string ActivityId { get; set; }
        public DateTime TimeStamp { get; set; }
        public int ProcessId { get; set; }
        public string LocalIpAddress { get; set; }
        public string RemoteIpAddress { get; set; }
    }

    public class UserLoginSuccessEvent : Event
    {
        public UserLoginSuccessEvent(string provider, string providerUserId, string subjectId, string name, bool interactive = true, string clientId = null)
            : this()
        {
            Provider = provider; ProviderUserId = providerUserId; SubjectId = subjectId; DisplayName = name;
            Endpoint = interactive ? "UI" : "Token";
            ClientId = clientId;
        }

        public UserLoginSuccessEvent(string username, string subjectId, string name, bool interactive = true, string clientId = null)
            : this()
        {
            Username = username; SubjectId = subjectId; DisplayName = name;
            Endpoint = interactive ? "UI" : "Token";
            ClientId = clientId;
        }

        protected UserLoginSuccessEvent() : base(EventCategories.Authentication, "User Login Success", EventTypes.Success, 1000) { }

        public string Username { get; set; }
        public string Provider { get; set; }
        public string ProviderUserId { get; set; }
        public string SubjectId { get; set; }
        public string DisplayName { get; set; }
        public string Endpoint { get; set; }
        public string ClientId { get; set; }
    }

    public class UserLoginFailureEvent : Event
    {
        public UserLoginFailureEvent(string username, string error, bool interactive = true, string clientId = null)
            : base(EventCategories.Authentication, "User Login Failure", EventTypes.Failure, 1001, error)
        {
            Username = username;
            Endpoint = interactive ? "UI" : "Token";
            ClientId = clientId;
        }

        public string Username { get; set; }
        public string Endpoint { get; set; }
        public string ClientId { get; set; }
    }

    public class UserLogoutSuccessEvent : Event
    {
        public UserLogoutSuccessEvent(string subjectId, string name)
            : base(EventCategories.Authentication, "User Logout Success", EventTypes.Success, 1002)
        {
            SubjectId = subjectId;
            DisplayName = name;
        }

        public string SubjectId { get; set; }
        public string DisplayName { get; set; }
    }

    public class ConsentGrantedEvent : Event
    {
        public ConsentGrantedEvent(string subjectId, string clientId, IEnumerable<string> requestedScopes, IEnumerable<string> grantedScopes, bool consentRemembered)
            : base(EventCategories.Grants, "Consent granted", EventTypes.Information, 4000)
        {
            SubjectId = subjectId; ClientId = clientId; RequestedScopes = requestedScopes; GrantedScopes = grantedScopes; ConsentRemembered = consentRemembered;
        }

        public string SubjectId { get; set; }
        public string ClientId { get; set; }
        public IEnumerable<string> RequestedScopes { get; set; }
        public IEnumerable<string> GrantedScopes { get; set; }
        public bool ConsentRemembered { get; set; }
    }

    public class ConsentDeniedEvent : Event
    {
        public ConsentDeniedEvent(string subjectId, string clientId, IEnumerable<string> requestedScopes)
            : base(EventCategories.Grants, "Consent denied", EventTypes.Information, 4001)
        {
            SubjectId = subjectId; ClientId = clientId; RequestedScopes = requestedScopes;
        }

        public string SubjectId { get; set; }
        public string ClientId { get; set; }
        public IEnumerable<string> RequestedScopes { get; set; }
    }

    public class GrantsRevokedEvent : Event
    {
        public GrantsRevokedEvent(string subjectId, string clientId)
            : base(EventCategories.Grants, "Grants revoked", EventTypes.Information, 4002)
        {
            SubjectId = subjectId; ClientId = clientId;
        }

        public string SubjectId { get; set; }
        public string ClientId { get; set; }
    }
}
