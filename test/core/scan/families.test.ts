import { describe, expect, it } from 'vitest';
import { familyOf, globMatches, renamedId, versionBelow, versionNumbers } from '../../../src/core/scan/families.js';

describe('package families', () => {
  it('sorts ids into the families the steps treat differently', () => {
    expect(
      ['IdentityServer4', 'identityserver4.entityframework.storage', 'IdentityServer4.AccessTokenValidation', 'IdentityServer4.Contrib.RedisStore', 'Duende.IdentityServer.AspNetIdentity', 'IdentityModel', 'IdentityModel.AspNetCore', 'Microsoft.AspNetCore.ApiAuthorization.IdentityServer', 'Microsoft.EntityFrameworkCore.Design', 'Skoruba.IdentityServer4.Admin', 'IdentityServer4*', 'Duende.IdentityServer.*', '*', 'Jwks.Manager.IdentityServer4', 'Abc.IdentityServer4.Saml2', 'IdentityServer4Plus', 'My.IdentityServer4Extras'].map(familyOf),
    ).toEqual(['is4', 'is4', 'access-token-validation', 'is4-third-party', 'duende', 'identity-model', undefined, 'api-authorization', 'ef-core', 'is4-third-party', 'is4', 'duende', undefined, 'is4-third-party', 'is4-third-party', undefined, undefined]);
  });

  it('renames the five packages and IdentityServer4 wildcards, nothing else', () => {
    expect(renamedId('IdentityServer4.EntityFramework')).toBe('Duende.IdentityServer.EntityFramework');
    expect(renamedId('identityserver4')).toBe('Duende.IdentityServer');
    expect(renamedId('IdentityServer4*')).toBe('Duende.IdentityServer*');
    expect(renamedId('IdentityServer4.EntityFramework*')).toBe('Duende.IdentityServer.EntityFramework*');
    expect(renamedId('IdentityServer4.AccessTokenValidation')).toBeUndefined();
    expect(renamedId('IdentityServer4.Contrib.RedisStore')).toBeUndefined();
  });

  it('matches Update/Remove specs as MSBuild does: globs, case-insensitively', () => {
    expect(globMatches('IdentityServer4*', 'IdentityServer4.AccessTokenValidation')).toBe(true);
    expect(globMatches('IdentityServer4*', 'Duende.IdentityServer')).toBe(false);
    expect(globMatches('identityserver4.?torage', 'IdentityServer4.Storage')).toBe(true);
    expect(globMatches('IdentityServer4', 'IdentityServer4.Storage')).toBe(false);
  });

  it('reads versions and ranges as written', () => {
    expect(versionNumbers('[4.1.2]')).toEqual([4, 1, 2]);
    expect(versionNumbers('3.*')).toEqual([3, 0, 0]);
    expect(versionNumbers('$(X)')).toBeUndefined();
    expect(versionBelow('4.4.0', '5.1.0')).toBe(true);
    expect(versionBelow('5.1.0', '5.1.0')).toBe(false);
    expect(versionBelow('5.0.9-preview', '5.1.0')).toBe(true);
    expect(versionBelow('6.0.0', '5.1.0')).toBe(false);
  });
});
