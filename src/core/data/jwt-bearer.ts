/**
 * Microsoft.AspNetCore.Authentication.JwtBearer, the package that replaces
 * IdentityServer4.AccessTokenValidation in API projects, at the version that
 * matches each target framework (the package's major version is the
 * framework's). The versions are ones the package source serves; for net5.0
 * the last 5.0 release.
 */
export const JWT_BEARER_PACKAGE = 'Microsoft.AspNetCore.Authentication.JwtBearer';

export const JWT_BEARER_VERSIONS: Readonly<Record<string, string>> = {
  'netcoreapp3.1': '3.1.18',
  'net5.0': '5.0.17',
  'net6.0': '6.0.24',
  'net7.0': '7.0.11',
  'net8.0': '8.0.34',
  'net9.0': '9.0.23',
  'net10.0': '10.0.15',
};

/** The version for a target framework moniker (platform suffixes such as -windows ignored), or undefined. */
export function jwtBearerVersion(tfm: string): string | undefined {
  return JWT_BEARER_VERSIONS[tfm.toLowerCase().replace(/-.*$/, '')];
}
