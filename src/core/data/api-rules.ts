/**
 * The API changes of each Duende IdentityServer release line that code meets on
 * the way up, checked against Duende's source at the release tags. A rule
 * applies when the upgrade crosses its line (releases.ts `crosses`).
 * The CancellationToken parameters of 8.0 are in cancellation.generated.ts.
 */

/** A name that only changed its spelling: every use in code follows. */
export interface RenameRule {
  at: string;
  from: string;
  to: string;
  /** Renamed only after a '.', as a member (a method or property), never as a type. */
  member: boolean;
  why: string;
}

export const RENAMES: readonly RenameRule[] = [
  { at: '6.3', from: 'RemoveExpiredGrantsAsync', to: 'CleanupGrantsAsync', member: true, why: 'TokenCleanupService.RemoveExpiredGrantsAsync became CleanupGrantsAsync (6.3)' },
  { at: '7.0', from: 'RequestedResourceIndiators', to: 'RequestedResourceIndicators', member: true, why: 'the misspelt RequestedResourceIndiators was corrected (7.0)' },
  { at: '8.0', from: 'AuthorizationError', to: 'InteractionError', member: false, why: 'the AuthorizationError enum became InteractionError (8.0)' },
  { at: '8.0', from: 'DPoPProofValidatonContext', to: 'DPoPProofValidationContext', member: false, why: 'DPoPProofValidatonContext was renamed DPoPProofValidationContext (8.0)' },
  { at: '8.0', from: 'DPoPProofValidatonResult', to: 'DPoPProofValidationResult', member: false, why: 'DPoPProofValidatonResult was renamed DPoPProofValidationResult (8.0)' },
];

/** Something the tool finds but a person must change; `pattern` is matched in code only. */
export interface ManualRule {
  at: string;
  /** An identifier, matched whole. */
  name: string;
  /** Only after a '.' (a member access). */
  member?: boolean;
  /** Only in the base list of a class or struct (an implementation). */
  implements?: boolean;
  /** Not when the pair also crosses this line, whose rule says more. */
  unless?: string;
  advice: string;
}

export const MANUAL: readonly ManualRule[] = [
  { at: '7.0', name: 'GetIdentityServerIssuerUri', member: true, advice: 'the HttpContext helper is gone in 7.0: inject IIssuerNameService and await GetCurrentAsync() (an async call, so the calling code must be async)' },
  { at: '7.0', name: 'GetIdentityServerBaseUrl', member: true, advice: 'the HttpContext helper is gone in 7.0: inject IServerUrls and read BaseUrl' },
  { at: '7.0', name: 'GetIdentityServerOrigin', member: true, advice: 'the HttpContext helper is gone in 7.0: inject IServerUrls and read Origin' },
  { at: '7.0', name: 'GetIdentityServerBasePath', member: true, advice: 'the HttpContext helper is gone in 7.0: inject IServerUrls and read BasePath' },
  { at: '7.0', name: 'GetIdentityServerHost', member: true, advice: 'the HttpContext helper is gone in 7.0: inject IServerUrls and read Origin' },
  { at: '7.0', name: 'GetIdentityServerRelativeUrl', member: true, advice: 'the HttpContext helper is gone in 7.0: inject IServerUrls and call GetIdentityServerRelativeUrl(path) on it' },
  { at: '7.0', name: 'SetIdentityServerOrigin', member: true, advice: 'the HttpContext helper is gone in 7.0: set IServerUrls.Origin instead' },
  { at: '7.0', name: 'SetIdentityServerBasePath', member: true, advice: 'the HttpContext helper is gone in 7.0: set IServerUrls.BasePath instead' },
  { at: '7.0', name: 'IEndpointResult', implements: true, advice: 'custom endpoint results are written by an IHttpResponseWriter<T> from 7.0: move the ExecuteAsync body into a writer registered with AddHttpWriter' },
  { at: '6.0', name: 'ICache', implements: true, unless: '8.0', advice: 'a custom ICache<T> must implement the 6.0 interface (GetOrAddAsync replaces the GetAsync extension with a logger)' },
  { at: '7.3', name: 'SupportedDPoPSigningAlgorithms', member: true, advice: 'IdentityServerConstants.SupportedDPoPSigningAlgorithms moved to the options in 7.3: read options.DPoP.SupportedDPoPSigningAlgorithms from IdentityServerOptions' },
  { at: '8.0', name: 'Preview', member: true, advice: 'options.Preview.* settings became permanent options in 8.0: move each setting to its new place (see the 8.0 upgrade guide); check this is IdentityServerOptions.Preview' },
  { at: '8.0', name: 'IClientStore', implements: true, advice: 'IClientStore requires IAsyncEnumerable<Client> GetAllClientsAsync(CancellationToken ct) from 8.0: add it to this store' },
  // is-7.4.8 has identity-server/src/IdentityServer/Services/ICache.cs; is-8.0.3 has no ICache<T>
  { at: '8.0', name: 'ICache', advice: 'ICache<T> is gone in 8.0, where IdentityServer caches through HybridCache (Microsoft.Extensions.Caching.Hybrid): move this cache to HybridCache as the 8.0 upgrade guide describes' },
  { at: '8.0', name: 'HybridCache', advice: 'caching moved to HybridCache in 8.0: check custom cache registrations against the 8.0 guide' },
  { at: '8.0', name: 'IJwtRequestValidator', implements: true, advice: 'the JWT request validator takes a context object and a CancellationToken in 8.0: update the implementation to the 8.0 interface' },
  { at: '8.0', name: 'ITokenRequestValidator', implements: true, advice: 'the token request validator takes a context object and a CancellationToken in 8.0: update the implementation to the 8.0 interface' },
];

/** Members of ProfileDataRequestContext.Client (a Client) that IConnectedApplication (8.0's Application) has, by their new name. */
export const CONNECTED_APPLICATION_MEMBERS: Readonly<Record<string, string>> = {
  ClientId: 'Identifier',
  ClientName: 'DisplayName',
  Description: 'Description',
  Enabled: 'Enabled',
  ProtocolType: 'ProtocolType',
  RequireConsent: 'RequireConsent',
};

/** Store DbContexts whose store-options constructor argument went away in 6.0. */
export const STORE_CONTEXTS = ['ConfigurationDbContext', 'PersistedGrantDbContext'] as const;
export const STORE_OPTIONS = ['ConfigurationStoreOptions', 'OperationalStoreOptions'] as const;

/**
 * A static method of the IdentityModel client library that is gone: calls reached through the
 * library's namespace (a using directive of the file or a global one, or a qualified name) move to
 * the replacement. Only calls: a method group needs a person.
 */
export interface MovedCallRule {
  at: string;
  /** The namespaces the old type is reached through. */
  namespaces: readonly string[];
  type: string;
  method: string;
  /** The replacement: its namespace (written out unless the file has a using of it), type and method. */
  toNamespace: string;
  toType: string;
  toMethod: string;
  why: string;
}

// Duende.IdentityModel 8.0 removed its Base64Url (DuendeSoftware/foss a11eda35, tag im-8.0.0) for the
// runtime's System.Buffers.Text.Base64Url (.NET 9+; Duende.IdentityModel brings Microsoft.Bcl.Memory
// for net8.0). Duende IdentityServer depends on Duende.IdentityModel 8.0.0 from 7.4.0 (is-7.4.0
// Directory.Packages.props), 8.0.1 at 7.4.8 and 8.1.0 at 8.0.x, so upgrades crossing 7.4 meet it.
const BASE64URL_WHY = 'Duende.IdentityModel 8.0 (brought by Duende IdentityServer 7.4) removed Base64Url: the runtime’s System.Buffers.Text.Base64Url replaces it';

export const MOVED_CALLS: readonly MovedCallRule[] = [
  { at: '7.4', namespaces: ['IdentityModel', 'Duende.IdentityModel'], type: 'Base64Url', method: 'Decode', toNamespace: 'System.Buffers.Text', toType: 'Base64Url', toMethod: 'DecodeFromChars', why: `${BASE64URL_WHY} (Decode → DecodeFromChars)` },
  { at: '7.4', namespaces: ['IdentityModel', 'Duende.IdentityModel'], type: 'Base64Url', method: 'Encode', toNamespace: 'System.Buffers.Text', toType: 'Base64Url', toMethod: 'EncodeToString', why: `${BASE64URL_WHY} (Encode → EncodeToString)` },
];
