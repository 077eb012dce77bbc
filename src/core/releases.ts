/**
 * Everything the tool knows about IdentityServer4 and Duende IdentityServer
 * versions, in one table: one entry per release line (a major.minor).
 *
 * Steps never hold version facts of their own. They ask this module which lines
 * lie between the source and the target (`crossed`) and read the entries:
 * adding Duende 8.1 means adding one entry below, not code in the steps.
 *
 * Sources of the facts: /work/shared/UPGRADE-FACTS.md (IdentityServer4 → 5),
 * UPGRADE-FACTS-LATER.md (5 → 8), and Duende's source at the release tags
 * (DuendeSoftware/products, tags is/x.y.z and is-x.y.z): the target frameworks
 * of src/IdentityServer/*.csproj, the IdentityModel and AutoMapper pins of
 * Directory.Build.props / Directory.Packages.props, and the Microsoft package
 * versions (FrameworkVersion, EFCoreVersion, IdentityModelVersion) per
 * framework. The published patches are the stable tags of each line.
 *
 * Shape of an entry (ReleaseLine):
 * - line, product: "4.1" IdentityServer4 or "7.4" Duende
 * - lastPatch: the newest published patch; every x.y.0 … lastPatch exists
 * - frameworks: what the packages target, lowest first; per framework the
 *   Microsoft package versions a host on it moves to (`microsoft`)
 * - support: end date, per framework where it differs
 * - schema: the key of this line's store schema in duende-schemas.json
 * - identityModel: the client library id, and the minimum version the line needs
 * - autoMapper: the range the line's packages pin, or none (7.0+)
 * - licence: how a missing or insufficient licence behaves
 * - compileHints: API changes made in this line, as hints for a failed build
 * - migration: the name Duende's guide gives a Duende → this line migration
 *   (migrationNameFor below names every pair's)
 */

export type Product = 'IdentityServer4' | 'Duende';

/** Microsoft packages a host on one framework moves to (a patch at or above the one Duende builds against). */
export interface FrameworkPackages {
  /** Microsoft.AspNetCore.* packages. */
  aspNetCore: string;
  /** Microsoft.EntityFrameworkCore.* (providers, Design, Tools). */
  efCore: string;
  /** Microsoft.IdentityModel.* and System.IdentityModel.Tokens.Jwt: the lowest version they align on. */
  microsoftIdentityModel: string;
  /** The versions Duende builds against on this framework: a package of the right major below these is raised too. */
  floor: { aspNetCore: string; efCore: string };
  /** Why these versions, for the evidence. */
  note: string;
}

export interface CompileHint {
  /** Matches the compiler error's message, and one of these codes when given. */
  message: RegExp;
  codes?: string[];
  hint: string;
}

export interface ReleaseLine {
  product: Product;
  /** "5.2" */
  line: string;
  /** The newest published patch of the line, e.g. "5.2.4". */
  lastPatch: string;
  /** Target frameworks of the packages, lowest first. */
  frameworks: string[];
  /** Per framework in `frameworks`, what a host moves its Microsoft packages to (only where the tool can retarget to it). */
  microsoft?: Record<string, FrameworkPackages>;
  /** Last day of support (ISO date); per framework when it differs from `ends`. */
  support: { ends: string; byFramework?: Record<string, string> };
  /**
   * Key of this line's store schema in duende-schemas.json (which holds one entry
   * per distinct schema; its `sameSchemaAs` maps the other last patches). 5.0 and
   * 5.1 are not in it: their schemas are 5.2's less IdentityProviders (5.0 also
   * less IX_PersistedGrants_ConsumedTime), see UPGRADE-FACTS.md.
   */
  schema?: string;
  /** The IdentityModel client library the packages depend on, and its minimum version. */
  identityModel: { id: 'IdentityModel' | 'Duende.IdentityModel'; min: string };
  /** AutoMapper range the storage packages pin; undefined: none (code using AutoMapper needs its own reference). */
  autoMapper?: { range: string; version: string };
  /** How the line treats a missing or insufficient licence. */
  licence: 'none' | 'logs' | 'throws-on-use' | 'throws-at-startup';
  compileHints: CompileHint[];
  /** The migration name Duende's guide uses for a Duende → this line upgrade, when the line changes the schema. */
  migration?: string;
  /** How the wizard names the guide this target follows. */
  guide?: string;
}

const IS4_RENAMED_HINTS: CompileHint[] = [
  {
    codes: ['CS0433'],
    message: /./,
    hint: 'A type exists in both IdentityServer4 and Duende: a third-party package built against IdentityServer4 (IdentityServer4.Contrib.*, …) still brings it in; replace or remove it.',
  },
  {
    codes: ['CS0246', 'CS0234'],
    message: /\bIdentityServer4\b/,
    hint: 'Code still refers to the IdentityServer4 namespace; run the namespaces step, or rename it by hand where the tool left it (it never touches lookalikes).',
  },
];

const NET6: FrameworkPackages = {
  aspNetCore: '6.0.36',
  efCore: '6.0.36',
  microsoftIdentityModel: '6.10.0',
  floor: { aspNetCore: '6.0.0', efCore: '6.0.0' },
  note: 'Duende 6 builds against ASP.NET Core and EF Core 6.0.0 and Microsoft.IdentityModel 6.10',
};

const NET8: FrameworkPackages = {
  aspNetCore: '8.0.34',
  efCore: '8.0.34',
  microsoftIdentityModel: '7.1.2',
  floor: { aspNetCore: '8.0.0', efCore: '8.0.0' },
  note: 'Duende 7.0 builds against ASP.NET Core and EF Core 8.0 and Microsoft.IdentityModel 7.1.2',
};

const NET10: FrameworkPackages = {
  aspNetCore: '10.0.15',
  efCore: '10.0.15',
  microsoftIdentityModel: '8.19.2',
  floor: { aspNetCore: '10.0.7', efCore: '10.0.7' },
  note: 'Duende builds against ASP.NET Core and EF Core 10.0.7 on net10.0',
};

/** The release lines, oldest first. */
export const RELEASES: readonly ReleaseLine[] = [
  {
    product: 'IdentityServer4',
    line: '4.0',
    lastPatch: '4.0.4',
    frameworks: ['netcoreapp3.1'],
    support: { ends: '2022-12-13' },
    schema: '4.1.2',
    identityModel: { id: 'IdentityModel', min: '4.4.0' },
    autoMapper: { range: '[10.0.0,11.0)', version: '10.0.0' },
    licence: 'none',
    compileHints: [],
  },
  {
    product: 'IdentityServer4',
    line: '4.1',
    lastPatch: '4.1.2',
    frameworks: ['netcoreapp3.1'],
    support: { ends: '2022-12-13' },
    schema: '4.1.2',
    identityModel: { id: 'IdentityModel', min: '4.4.0' },
    autoMapper: { range: '[10.0.0,11.0)', version: '10.0.0' },
    licence: 'none',
    compileHints: [],
  },
  {
    product: 'Duende',
    line: '5.0',
    lastPatch: '5.0.5',
    frameworks: ['netcoreapp3.1', 'net5.0'],
    support: { ends: '2022-12-13' },
    identityModel: { id: 'IdentityModel', min: '5.1.0' },
    autoMapper: { range: '[10.0.0,11.0)', version: '10.0.0' },
    licence: 'logs',
    compileHints: [
      ...IS4_RENAMED_HINTS,
      {
        message: /CreateRefreshTokenAsync|UpdateRefreshTokenAsync|IRefreshTokenService/,
        hint: 'IRefreshTokenService in v5 takes CreateRefreshTokenAsync(RefreshTokenCreationRequest) and UpdateRefreshTokenAsync(RefreshTokenUpdateRequest) instead of positional arguments.',
      },
      {
        message: /RefreshToken\.AccessToken\b|'AccessToken' is obsolete/,
        hint: 'RefreshToken.AccessToken is obsolete in v5: use AccessTokens, or GetAccessToken/SetAccessToken.',
      },
      {
        message: /TokenValidator/,
        hint: 'The TokenValidator constructor in v5 takes IIssuerNameService instead of IHttpContextAccessor and IRefreshTokenStore.',
      },
      {
        codes: ['CS0535'],
        message: /Keys|IdentityProviders/,
        hint: 'A custom context implementing IPersistedGrantDbContext/IConfigurationDbContext needs DbSet<Key> Keys (5.0) and DbSet<IdentityProvider> IdentityProviders (5.2).',
      },
    ],
  },
  {
    product: 'Duende',
    line: '5.1',
    lastPatch: '5.1.1',
    frameworks: ['netcoreapp3.1', 'net5.0'],
    support: { ends: '2022-12-13' },
    identityModel: { id: 'IdentityModel', min: '5.1.0' },
    autoMapper: { range: '[10.0.0,11.0)', version: '10.0.0' },
    licence: 'logs',
    compileHints: [],
  },
  {
    product: 'Duende',
    line: '5.2',
    lastPatch: '5.2.4',
    frameworks: ['netcoreapp3.1', 'net5.0'],
    support: { ends: '2022-12-13' },
    schema: '5.2.4',
    identityModel: { id: 'IdentityModel', min: '5.1.0' },
    autoMapper: { range: '[10.0.0,11.0)', version: '10.0.0' },
    licence: 'logs',
    compileHints: [
      {
        message: /AuthorizeInteractionResponseGenerator|AuthorizeResponseGenerator/,
        hint: 'Since 5.2, AuthorizeInteractionResponseGenerator and AuthorizeResponseGenerator take IdentityServerOptions as their first constructor argument.',
      },
    ],
    guide: 'the v5 guide',
  },
  {
    product: 'Duende',
    line: '6.0',
    lastPatch: '6.0.5',
    frameworks: ['net6.0'],
    microsoft: { 'net6.0': NET6 },
    support: { ends: '2024-11-12' },
    schema: '6.0.5',
    identityModel: { id: 'IdentityModel', min: '6.0.0' },
    autoMapper: { range: '[11.0.0,12.0)', version: '11.0.0' },
    licence: 'logs',
    compileHints: [],
    migration: 'Update_DuendeIdentityServer_v6_0',
  },
  {
    product: 'Duende',
    line: '6.1',
    lastPatch: '6.1.8',
    frameworks: ['net6.0'],
    microsoft: { 'net6.0': NET6 },
    support: { ends: '2024-11-12' },
    schema: '6.1.8',
    identityModel: { id: 'IdentityModel', min: '6.0.0' },
    autoMapper: { range: '[11.0.0,12.0)', version: '11.0.0' },
    licence: 'logs',
    compileHints: [],
    migration: 'Update_DuendeIdentityServer_v6_1',
  },
  {
    product: 'Duende',
    line: '6.2',
    lastPatch: '6.2.5',
    frameworks: ['net6.0', 'net7.0'],
    microsoft: { 'net6.0': NET6 },
    support: { ends: '2024-11-12' },
    schema: '6.1.8',
    identityModel: { id: 'IdentityModel', min: '6.0.0' },
    autoMapper: { range: '[12.0.0,13.0)', version: '12.0.0' },
    licence: 'logs',
    compileHints: [],
  },
  {
    product: 'Duende',
    line: '6.3',
    lastPatch: '6.3.10',
    frameworks: ['net6.0', 'net7.0'],
    microsoft: { 'net6.0': NET6 },
    support: { ends: '2024-11-12' },
    schema: '6.3.10',
    identityModel: { id: 'IdentityModel', min: '6.1.0' },
    autoMapper: { range: '[12.0.0,13.0)', version: '12.0.0' },
    licence: 'logs',
    compileHints: [],
    migration: 'Update_DuendeIdentityServer_v6_3',
    guide: 'the last v6',
  },
  {
    product: 'Duende',
    line: '7.0',
    lastPatch: '7.0.9',
    frameworks: ['net8.0'],
    microsoft: { 'net8.0': NET8 },
    support: { ends: '2026-11-10' },
    schema: '7.0.9',
    identityModel: { id: 'IdentityModel', min: '6.2.0' },
    licence: 'throws-on-use',
    compileHints: [],
    migration: 'Update_DuendeIdentityServer_v7_0',
  },
  {
    product: 'Duende',
    line: '7.1',
    lastPatch: '7.1.2',
    frameworks: ['net8.0', 'net9.0'],
    microsoft: { 'net8.0': NET8 },
    support: { ends: '2026-11-10' },
    schema: '7.0.9',
    identityModel: { id: 'Duende.IdentityModel', min: '7.0.0' },
    licence: 'throws-on-use',
    compileHints: [
      {
        codes: ['CS0246', 'CS0234'],
        message: /\bIdentityModel\b/,
        hint: 'From 7.1 the IdentityModel library is Duende.IdentityModel: `using IdentityModel…` becomes `using Duende.IdentityModel…` (the namespaces step does this where it can).',
      },
    ],
  },
  {
    product: 'Duende',
    line: '7.2',
    lastPatch: '7.2.4',
    frameworks: ['net8.0', 'net9.0'],
    microsoft: { 'net8.0': NET8 },
    support: { ends: '2026-11-10' },
    schema: '7.0.9',
    identityModel: { id: 'Duende.IdentityModel', min: '7.0.0' },
    licence: 'throws-on-use',
    compileHints: [],
  },
  {
    product: 'Duende',
    line: '7.3',
    lastPatch: '7.3.4',
    frameworks: ['net8.0', 'net9.0'],
    microsoft: { 'net8.0': NET8 },
    support: { ends: '2026-11-10' },
    schema: '7.0.9',
    identityModel: { id: 'Duende.IdentityModel', min: '8.0.0' },
    licence: 'throws-on-use',
    compileHints: [],
  },
  {
    product: 'Duende',
    line: '7.4',
    lastPatch: '7.4.8',
    frameworks: ['net8.0', 'net9.0', 'net10.0'],
    microsoft: {
      'net8.0': {
        aspNetCore: '8.0.34',
        efCore: '9.0.23',
        microsoftIdentityModel: '7.7.3',
        floor: { aspNetCore: '8.0.29', efCore: '9.0.18' },
        note: 'Duende 7.4 on net8.0 builds against ASP.NET Core 8.0.29 and pulls EF Core 9.0.18, so EF Core must be 9.x there',
      },
      'net10.0': NET10,
    },
    support: { ends: '2026-11-10', byFramework: { 'net10.0': '2028-11-14' } },
    schema: '7.0.9',
    identityModel: { id: 'Duende.IdentityModel', min: '8.0.1' },
    licence: 'throws-on-use',
    compileHints: [],
  },
  {
    product: 'Duende',
    line: '8.0',
    lastPatch: '8.0.3',
    frameworks: ['net10.0'],
    microsoft: { 'net10.0': NET10 },
    support: { ends: '2028-11-14' },
    schema: '8.0.3',
    identityModel: { id: 'Duende.IdentityModel', min: '8.1.0' },
    licence: 'throws-at-startup',
    compileHints: [],
    migration: 'Update_DuendeIdentityServer_v8_0',
  },
];

/** The targets the wizard offers, with the framework each line is shown on. */
export const OFFERED_TARGETS: readonly { version: string; framework?: string }[] = [
  { version: '5.2.4' },
  { version: '6.3.10' },
  { version: '7.4.8', framework: 'net8.0' },
  { version: '7.4.8', framework: 'net10.0' },
  { version: '8.0.3', framework: 'net10.0' },
];

/** The guide's own target, and the default. */
export const DEFAULT_TARGET = '5.2.4';

/**
 * The AutoMapper reference given to code that got AutoMapper through the
 * storage packages when the target's line no longer brings it (7.0+): at the
 * version the solution already references directly, else at the version the
 * source's packages brought (NuGet resolves their range to its lower bound), so
 * the code builds as it did. The package list reports security flaws for every
 * AutoMapper below 15.1.4, and 15 and later need a paid licence: hence the note.
 */
export const AUTOMAPPER = {
  id: 'AutoMapper',
  note: 'Security flaws are reported for every AutoMapper below 15.1.4, and AutoMapper 15 and later need a paid licence: plan a move to a fixed AutoMapper, or to Mapster or Riok.Mapperly.',
} as const;

/** The AutoMapper version the source's packages brought, when the target's no longer bring it; else undefined. */
export function droppedAutoMapper(source: Source | undefined, target: Target): string | undefined {
  const from = source ? lineOf(source.version, source.product) : lineOf('4.1.2', 'IdentityServer4');
  return from?.autoMapper && !targetLine(target).autoMapper ? from.autoMapper.version : undefined;
}

/**
 * Microsoft.AspNetCore.* packages whose last version is below the frameworks
 * Duende 6+ needs: they cannot follow the framework and must go by hand.
 */
export const ENDED_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['microsoft.aspnetcore.spaservices', 'its last version is 3.1; use Microsoft.AspNetCore.SpaServices.Extensions or the SPA proxy'],
  ['microsoft.aspnetcore.nodeservices', 'its last version is 3.1; call Node through Jering.Javascript.NodeJS or a process of your own'],
  ['microsoft.aspnetcore.apiauthorization.identityserver', 'it ends at 7.0 (it brings IdentityServer4 or Duende 6 itself); register Duende IdentityServer directly'],
]);

/** The IdentityServer4 → Duende package ids (same five from 5.0 to 8.0; nothing renamed since). */
export const PACKAGE_RENAMES: ReadonlyMap<string, string> = new Map([
  ['identityserver4', 'Duende.IdentityServer'],
  ['identityserver4.storage', 'Duende.IdentityServer.Storage'],
  ['identityserver4.entityframework', 'Duende.IdentityServer.EntityFramework'],
  ['identityserver4.entityframework.storage', 'Duende.IdentityServer.EntityFramework.Storage'],
  ['identityserver4.aspnetidentity', 'Duende.IdentityServer.AspNetIdentity'],
]);

/** Namespace roots that move, and the first Duende line that moves them. */
export const NAMESPACE_RENAMES: readonly { from: string; to: string; since: string }[] = [
  { from: 'IdentityServer4', to: 'Duende.IdentityServer', since: '5.0' },
  { from: 'IdentityModel', to: 'Duende.IdentityModel', since: '7.1' },
];

// ---------------------------------------------------------------------------
// Versions

export type Version = [number, number, number];

/** Major.minor.patch of an exact version ("5.2.4"), or undefined when it is not one. */
export function parseVersion(raw: string): Version | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(raw.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const x = leading(a);
  const y = leading(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** The leading major.minor.patch numbers of a version or range as written ("[4.1.2]", "4.*", "4.1.2-preview"). */
function leading(raw: string): Version {
  const m = /^[\s[(]*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(raw);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}

/** The release line of a version or range as written, for a product. */
export function lineOf(version: string, product: Product = 'Duende'): ReleaseLine | undefined {
  const [major, minor] = leading(version);
  return RELEASES.find((r) => r.product === product && r.line === `${major}.${minor}`);
}

/** A Duende IdentityServer version that was published (x.y.0 … the line's last patch). */
export function isPublished(version: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  const line = lineOf(version);
  return line !== undefined && v[2] <= parseVersion(line.lastPatch)![2];
}

/** What a solution is on now: the lowest IdentityServer version its package references name. */
export interface Source {
  product: Product;
  version: string;
}

/** Where the upgrade goes: a Duende version and, when the line offers several, the framework chosen. */
export interface Target {
  version: string;
  framework?: string;
}

/**
 * The Duende lines an upgrade from `source` to `target` arrives in, oldest
 * first: each line whose changes the pair crosses (its API changes, its schema,
 * its packages). From IdentityServer4 every Duende line up to the target's.
 */
export function crossed(source: Source | undefined, target: Target): ReleaseLine[] {
  const to = lineOf(target.version);
  if (!to) return [];
  return RELEASES.filter(
    (r) =>
      r.product === 'Duende' &&
      compareVersions(`${r.line}.0`, `${to.line}.0`) <= 0 &&
      (source === undefined || source.product === 'IdentityServer4' || compareVersions(`${r.line}.0`, `${leading(source.version).slice(0, 2).join('.')}.0`) > 0),
  );
}

export function targetLine(target: Target): ReleaseLine {
  const line = lineOf(target.version);
  if (!line) throw new Error(`no release line for ${target.version}`);
  return line;
}

/** The framework a target is built on: the one chosen, else the lowest its line supports. */
export function targetFramework(target: Target): string {
  return target.framework ?? targetLine(target).frameworks[0]!;
}

/** The last day of support of a target on its framework. */
export function supportEnds(target: Target): string {
  const line = targetLine(target);
  return line.support.byFramework?.[targetFramework(target)] ?? line.support.ends;
}

/** "7.4.8 on net10.0: supported until 2028-11-14", "5.2.4: the v5 guide; out of support since 2022-12-13". */
export function describeTarget(target: Target, today = new Date().toISOString().slice(0, 10)): string {
  const line = targetLine(target);
  const ends = supportEnds(target);
  const head = line.guide ? `${target.version}: ${line.guide}` : `${target.version} on ${targetFramework(target)}`;
  return ends < today ? `${head}${line.guide ? ';' : ':'} out of support since ${ends}` : `${head}: supported until ${ends}`;
}

/**
 * "Duende IdentityServer 5.2 has been out of support since 2022-12-13 …", or
 * undefined while the target's line (on its framework) is supported.
 */
export function supportNote(target: Target, today: Date = new Date()): string | undefined {
  const line = lineOf(target.version);
  if (!line) return undefined;
  const ends = supportEnds(target);
  if (ends >= today.toISOString().slice(0, 10)) return undefined;
  // the whole 5.x series shares one end; later lines each have their own
  const name = line.line.startsWith('5.') ? '5' : line.line;
  return `Duende IdentityServer ${name}${target.framework ? ` on ${target.framework}` : ''} has been out of support since ${ends}: it gets no security fixes. Plan the next upgrade to a supported version.`;
}

/** The offered targets an upgrade from `source` can go to: those above it (all of them from IdentityServer4). */
export function targetsFrom(source: Source | undefined): readonly Target[] {
  return OFFERED_TARGETS.filter((t) => source === undefined || source.product === 'IdentityServer4' || compareVersions(t.version, source.version) > 0);
}

/** "IdentityServer4 4.1.2", "Duende IdentityServer 6.1.8". */
export function describeSource(source: Source): string {
  return `${source.product === 'Duende' ? 'Duende IdentityServer' : 'IdentityServer4'} ${source.version}`;
}

/** Parse a --target-version value: an exact published Duende IdentityServer version. */
export function targetProblem(version: string): string | undefined {
  if (!parseVersion(version)) return `must be an exact Duende IdentityServer version such as ${DEFAULT_TARGET}, 7.4.8 or 8.0.3, not "${version}"`;
  if (!isPublished(version)) {
    const line = lineOf(version);
    const known = RELEASES.filter((r) => r.product === 'Duende').map((r) => r.lastPatch);
    return line
      ? `${version} was not published; the ${line.line} line ends at ${line.lastPatch}`
      : `${version} is not a Duende IdentityServer release this tool knows; the lines end at ${known.join(', ')}`;
  }
  return undefined;
}

/** Why a framework cannot go with a target version, or undefined when it can. */
export function frameworkProblem(target: Target): string | undefined {
  if (!target.framework) return undefined;
  const line = targetLine(target);
  if (!line.frameworks.includes(target.framework)) return `Duende IdentityServer ${target.version} targets ${line.frameworks.join(', ')}, not ${target.framework}`;
  if (compareVersions(`${line.line}.0`, '6.0.0') >= 0 && !line.microsoft?.[target.framework]) {
    return `this tool retargets Duende IdentityServer ${target.version} to ${Object.keys(line.microsoft ?? {}).join(' or ') || 'its lowest framework'} only`;
  }
  return undefined;
}

/** Compile-error hints for the lines an upgrade crosses. */
export function compileHintsFor(source: Source | undefined, target: Target): CompileHint[] {
  return crossed(source, target).flatMap((r) => r.compileHints);
}

// ── Pairs ──────────────────────────────────────────────────────────────────

/**
 * What an upgrade from one IdentityServer version to another crosses: the
 * release lines in between decide the migration name, the API rewrites, the
 * data risks and the runtime-only changes. Facts from UPGRADE-FACTS-LATER.md,
 * checked against Duende's source at the release tags.
 */

/** The version every upgrade started from before sources were detected. */
export const IS4_SOURCE = '4.1';

/** A version's release line as [major, minor]. */
export function lineNumbers(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('.');
  return [Number.parseInt(major, 10) || 0, Number.parseInt(minor, 10) || 0];
}

/** Compare two versions by release line only. */
export function compareLines(a: string, b: string): number {
  const [am, an] = lineNumbers(a);
  const [bm, bn] = lineNumbers(b);
  return am - bm || an - bn;
}

export function isIdentityServer4(version: string): boolean {
  return lineNumbers(version)[0] < 5;
}

/** Does the upgrade from `source` to `target` cross the release line `at` (source below it, target at or above)? */
export function crosses(source: string, target: string, at: string): boolean {
  return compareLines(source, at) < 0 && compareLines(target, at) >= 0;
}

/**
 * The EF migration name Duende's guide for the pair uses: the seed guide's
 * UpdateToDuende_v5 from IdentityServer4 to 5, UpdateToDuende_v<major>_<minor>
 * from IdentityServer4 to a later line (the IdentityServer4 → v8 guide's
 * UpdateToDuende_v8_0), Update_DuendeIdentityServer_v<major>_<minor> from Duende.
 */
export function migrationNameFor(source: string, target: string): string {
  const [major, minor] = lineNumbers(target);
  if (isIdentityServer4(source)) return major === 5 ? 'UpdateToDuende_v5' : `UpdateToDuende_v${major}_${minor}`;
  return `Update_DuendeIdentityServer_v${major}_${minor}`;
}

/** The pair in messages: "IdentityServer4 4.1 → Duende IdentityServer 8.0.3". */
export function describePair(source: string, target: string): string {
  return `${isIdentityServer4(source) ? 'IdentityServer4' : 'Duende IdentityServer'} ${source} → Duende IdentityServer ${target}`;
}

/** A change no build shows: the behaviour differs at run time. */
export interface RuntimeChange {
  /** The release line that brings it. */
  at: string;
  title: string;
  advice: string;
}

export const RUNTIME_CHANGES: readonly RuntimeChange[] = [
  {
    at: '6.3',
    title: 'One-time refresh tokens are deleted when used',
    advice: 'A refresh token with RefreshTokenUsage.OneTimeOnly is now deleted from the grant store on use instead of being marked consumed; code or reports that read consumed refresh tokens find none (set options.PersistentGrants.DeleteOneTimeOnlyRefreshTokensOnUse = false to keep the old behaviour).',
  },
  {
    at: '7.3',
    title: 'client_credentials clients must require a client secret',
    advice: 'A client allowed the client_credentials grant with RequireClientSecret = false now fails client configuration validation ("RequireClientSecret is false, but client is using client credentials grant type"), so its token requests fail; give it a secret before the upgrade goes live.',
  },
  {
    at: '8.0',
    title: 'Redirects after a POST answer 303 See Other',
    advice: 'Endpoints that redirect after a POST answer 303 instead of 302; clients, proxies or tests that expect 302 must accept 303.',
  },
];

/** The runtime-only changes the pair crosses, oldest first. */
export function runtimeChangesFor(source: string, target: string): RuntimeChange[] {
  return RUNTIME_CHANGES.filter((c) => crosses(source, target, c.at));
}

/** The frameworks the target's packages ship for (the release table above); undefined for a line before 5.0. */
export function frameworksOf(target: string): readonly string[] | undefined {
  return lineOf(target)?.frameworks;
}

// ── API projects ───────────────────────────────────────────────────────────

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
