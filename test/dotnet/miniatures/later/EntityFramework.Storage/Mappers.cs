// Duende.IdentityServer.EntityFramework.Storage 7.4.8 / 8.0.3: model -> entity mappers (identity-server/src/
// EntityFramework.Storage/Mappers at both tags: ToEntity and ToModel extension methods per type).
using System.Linq;
using Duende.IdentityServer.EntityFramework.Entities;
using Models = Duende.IdentityServer.Models;

namespace Duende.IdentityServer.EntityFramework.Mappers
{
    // The real package maps with AutoMapper; a seeding quickstart only needs model -> entity.
    public static class ClientMappers
    {
        public static Client ToEntity(this Models.Client model) => new Client
        {
            Enabled = model.Enabled,
            ClientId = model.ClientId,
            ProtocolType = model.ProtocolType,
            RequireClientSecret = model.RequireClientSecret,
            ClientName = model.ClientName,
            Description = model.Description,
            ClientUri = model.ClientUri,
            RequireConsent = model.RequireConsent,
            RequirePkce = model.RequirePkce,
            AllowOfflineAccess = model.AllowOfflineAccess,
            AllowAccessTokensViaBrowser = model.AllowAccessTokensViaBrowser,
            IdentityTokenLifetime = model.IdentityTokenLifetime,
            AccessTokenLifetime = model.AccessTokenLifetime,
            ClientSecrets = model.ClientSecrets.Select(s => new ClientSecret { Value = s.Value, Description = s.Description, Expiration = s.Expiration, Type = s.Type }).ToList(),
            AllowedGrantTypes = model.AllowedGrantTypes.Select(g => new ClientGrantType { GrantType = g }).ToList(),
            RedirectUris = model.RedirectUris.Select(u => new ClientRedirectUri { RedirectUri = u }).ToList(),
            AllowedScopes = model.AllowedScopes.Select(s => new ClientScope { Scope = s }).ToList(),
        };
    }

    public static class IdentityResourceMappers
    {
        public static IdentityResource ToEntity(this Models.IdentityResource model) => new IdentityResource
        {
            Enabled = model.Enabled,
            Name = model.Name,
            DisplayName = model.DisplayName,
            Description = model.Description,
            Required = model.Required,
            Emphasize = model.Emphasize,
            ShowInDiscoveryDocument = model.ShowInDiscoveryDocument,
        };
    }

    public static class ScopeMappers
    {
        public static ApiScope ToEntity(this Models.ApiScope model) => new ApiScope
        {
            Enabled = model.Enabled,
            Name = model.Name,
            DisplayName = model.DisplayName,
            Description = model.Description,
            Required = model.Required,
            Emphasize = model.Emphasize,
            ShowInDiscoveryDocument = model.ShowInDiscoveryDocument,
        };
    }

    public static class ApiResourceMappers
    {
        public static ApiResource ToEntity(this Models.ApiResource model) => new ApiResource
        {
            Enabled = model.Enabled,
            Name = model.Name,
            DisplayName = model.DisplayName,
            Description = model.Description,
            AllowedAccessTokenSigningAlgorithms = string.Join(",", model.AllowedAccessTokenSigningAlgorithms),
            ShowInDiscoveryDocument = model.ShowInDiscoveryDocument,
            Scopes = model.Scopes.Select(s => new ApiResourceScope { Scope = s }).ToList(),
            Secrets = model.ApiSecrets.Select(s => new ApiResourceSecret { Value = s.Value, Description = s.Description, Expiration = s.Expiration, Type = s.Type }).ToList(),
        };
    }
}
