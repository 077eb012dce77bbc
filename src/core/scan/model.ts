import type { Evidence } from '../types.js';

/** Offsets into a file's decoded text. */
export interface Span {
  start: number;
  end: number;
}

export type PackageSiteKind =
  | 'PackageReference' // <PackageReference Include="..." Version="..."/> or <Version> child
  | 'PackageReferenceUpdate' // <PackageReference Update="IdentityServer4*" Version="..."/>
  | 'PackageReferenceRemove' // <PackageReference Remove="IdentityServer4.AspNetIdentity"/>: names the package, no version
  | 'PackageVersion' // central package management, Directory.Packages.props
  | 'packages.config'; // <package id="..." version="..."/>

/** One place in an MSBuild file (or packages.config) that names a package or its version. */
export interface PackageSite {
  path: string;
  line: number;
  kind: PackageSiteKind;
  /** As written, e.g. "IdentityServer4.EntityFramework" or the wildcard "IdentityServer4*". */
  id: string;
  /** Where the id's value sits (inside the quotes). */
  idSpan: Span;
  version?: string;
  /** Where the version's value sits: an attribute value or a <Version> element's text. */
  versionSpan?: Span;
  /** The text of the line, trimmed. */
  text: string;
  /** Offset of the element's '<' (for inserting a sibling item before it). */
  elementStart?: number;
  /** The version with $(Property) references resolved, when they could be. */
  resolvedVersion?: string;
  /** When the version is written as $(Name): the definition it resolved to. */
  versionProperty?: VersionProperty;
  /** packages.config only: the project's <Reference> items that load this package's assembly, which must change with it. */
  assemblyReferences?: AssemblyReference[];
}

/** A non-SDK project's <Reference Include="Name, Version=..."> with its <HintPath> into the packages folder. */
export interface AssemblyReference {
  path: string;
  line: number;
  text: string;
  /** The simple assembly name, the part of Include before the first comma. */
  name: string;
  nameSpan: Span;
  hintPath?: { value: string; span: Span };
}

/** A property definition (<Name>value</Name> in a PropertyGroup) that a package version uses. */
export interface VersionProperty {
  name: string;
  path: string;
  line: number;
  value: string;
  /** Where the value sits inside the element. */
  span: Span;
  /** How many times $(Name) occurs across every MSBuild file scanned. */
  uses: number;
}

/** A place in a file, for linking a project's package to the site that names it or sets its version. */
export interface SiteRef {
  path: string;
  line: number;
  /** The site's id as written (a wildcard for Update="IdentityServer4*"). */
  id: string;
}

/**
 * host: a project that runs (web SDK, Worker SDK, OutputType Exe, a Program that builds a host);
 * api: one that runs and validates tokens with no IdentityServer package of its own;
 * library: one that does not run; test: a test project (never a startup project).
 */
export type ProjectRole = 'host' | 'api' | 'library' | 'test';

export interface ProjectPackage {
  id: string;
  /** Effective version, after central management and Update items. */
  version?: string;
  /** File that supplies the version, when it is not the project itself. */
  versionFrom?: string;
  /** The reference itself (Include, or the package id in packages.config). */
  site?: SiteRef;
  /** The site whose version is in effect (the reference, an Update item or a PackageVersion). */
  versionSite?: SiteRef;
}

/** Where a project's TargetFramework(s) is set: the property definition in effect, to splice when retargeting. */
export interface TargetFrameworkSite {
  path: string;
  line: number;
  /** "TargetFramework" or "TargetFrameworks", or the name of the property it takes its value from. */
  name: string;
  /** As written, e.g. "netcoreapp3.1" or "net6.0;net7.0". */
  value: string;
  span: Span;
  text: string;
  /** The value is a $(Property) this scan could not follow to a plain definition, so it cannot be spliced. */
  indirect?: boolean;
}

export interface ProjectInfo {
  /** Root-relative path of the .csproj/.fsproj/.vbproj. */
  path: string;
  name: string;
  sdk?: string;
  targetFrameworks: string[];
  role: ProjectRole;
  /** Why the project runs, e.g. "Microsoft.NET.Sdk.Web" or "OutputType Exe"; absent for libraries and test projects. */
  runs?: string;
  /** IdentityServer4-family, IdentityModel, ApiAuthorization and EF Core packages the project uses. */
  packages: ProjectPackage[];
  /** Microsoft.AspNetCore.*, Microsoft.EntityFrameworkCore.*, Microsoft.IdentityModel.* and AutoMapper packages (FRAMEWORK_FAMILIES). */
  frameworkPackages: ProjectPackage[];
  targetFrameworkSite?: TargetFrameworkSite;
  /** Root-relative paths of referenced projects. */
  projectReferences: string[];
  /** References Microsoft.EntityFrameworkCore.Design (needed by `dotnet ef` on the startup project). */
  hasEfDesign: boolean;
  efCoreVersion?: string;
}

export interface EfContext {
  /** Class name passed to `dotnet ef -c`. */
  name: string;
  store: 'operational' | 'configuration';
  /** Where a custom subclass is declared; absent for the package's own context. */
  declaredIn?: Evidence;
  /** Root-relative folder that holds its existing migrations. */
  migrationsDir?: string;
  /** Root-relative path of the project that holds the migrations. */
  migrationsProject?: string;
  /** Root-relative path of the startup (host) project. */
  startupProject?: string;
  /** Ids of the migrations that exist, e.g. "20200702080123_InitialIdentityServerPersistedGrantDbMigration". */
  migrations: string[];
  evidence: Evidence[];
}

export interface EfScan {
  /** AddConfigurationStore / AddOperationalStore calls. */
  storeRegistrations: Evidence[];
  contexts: EfContext[];
  /** MigrationsAssembly(...) arguments seen. */
  migrationsAssemblies: Evidence[];
  /** What EF detection could not settle: a shared migrations assembly, migrations it cannot tie to a host. */
  warnings?: string[];
  /** Every folder holding IdentityServer store migrations (designers or snapshots), tied to a host or not. */
  migrationFolders?: string[];
}

export interface SigningScan {
  developerCredential: Evidence[];
  /** AddSigningCredential calls; each note says where the key comes from (keySource). */
  signingCredential: Evidence[];
  validationKeys: Evidence[];
  keyManagement: Evidence[];
  licenseKey: Evidence[];
  /** tempkey.jwk / tempkey.rsa files. */
  tempKeyFiles: string[];
  /** Duende_IdentityServer_License.key files. */
  licenseFiles: string[];
  /** services.AddIdentityServer(...) calls (the host's registration). */
  identityServer: Evidence[];
  /** AddIdentityServerAuthentication(...) calls (API projects on IdentityServer4.AccessTokenValidation). */
  apiAuthentication: Evidence[];
  /** PersistKeysTo…(...) and SetApplicationName(...) calls: data protection set up to survive restarts and moves. */
  dataProtection: Evidence[];
}

export interface SkippedFile {
  /** Root-relative; a folder ends with '/'. */
  path: string;
  reason: string;
  /** Could not be read at all (permissions), as opposed to read but not text. */
  unreadable?: boolean;
}

export interface Scan {
  root: string;
  solutions: string[];
  projects: ProjectInfo[];
  /** MSBuild files that were parsed: projects, Directory.Build.props/targets, Directory.Packages.props (in the tree and above it), packages.config. */
  msbuildFiles: string[];
  /** Every site that names an IdentityServer4-family, Duende, IdentityModel or ApiAuthorization package. */
  packageSites: PackageSite[];
  /** Every site that names a Microsoft package of FRAMEWORK_FAMILIES (EF Core, ASP.NET Core, Microsoft.IdentityModel). */
  frameworkSites: PackageSite[];
  /** The IdentityServer4 version(s) in use, as written. */
  is4Versions: string[];
  /** Source files (.cs, .cshtml, .razor, .vb, .fs) that contain IdentityServer4, Duende.IdentityServer or AddDeveloperSigningCredential. */
  sourceFiles: string[];
  ef: EfScan;
  signing: SigningScan;
  /** Files passed over: binary, undecodable. Never an error that stops the run. */
  skipped: SkippedFile[];
  warnings: string[];
}
