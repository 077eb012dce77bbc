#!/usr/bin/env node
// Writes a synthetic IdentityServer4 4.1 monorepo for the benchmark and the
// at-scale test, plus a manifest of everything it wrote that the upgrade must
// find. Same seed, same tree, byte for byte.
//
//   node bench/generate.mjs <out> [--projects 2000] [--files 40000] [--seed 1]

import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from './lib/prng.mjs';
import { LineFile, render } from './lib/files.mjs';
import * as T from './lib/templates.mjs';

export const MANIFEST = '.generator-manifest.json';
export const DEFAULTS = { projects: 2000, files: 40000, seed: 1 };
/** Bumped whenever the same parameters would write a different tree, so bench/run.mjs regenerates its cached one. */
export const GENERATOR_VERSION = 2;

const AREA_WORDS = ['Identity', 'Payments', 'Billing', 'Catalog', 'Orders', 'Shipping', 'Reporting', 'Partners', 'Support', 'Admin'];
const MODES = ['attr', 'child', 'cpm', 'update'];
const FILL_FOLDERS = ['Services', 'Domain', 'Infrastructure', 'Controllers', 'Handlers'];
const WORDS = ['Account', 'Order', 'Invoice', 'Customer', 'Ledger', 'Report', 'Audit', 'Tenant', 'Profile', 'Session', 'Catalog', 'Payment'];
const IS4_VERSION = '4.1.2';
const EF_VERSION = '3.1.10';
const LF = { eol: '\n', bom: false, encoding: 'utf8' };
const CRLF_BOM = { eol: '\r\n', bom: true, encoding: 'utf8' };

const pad = (n, w = 4) => String(n).padStart(w, '0');

/** Generate the tree into `out` (which must not exist or be empty) and return the manifest. */
export function generate(out, params = {}) {
  const { projects: projectCount, files: fileTarget, seed } = { ...DEFAULTS, ...params };
  if (!(projectCount >= 1) || !(fileTarget >= 0)) throw new Error('--projects must be ≥ 1 and --files ≥ 0');
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} is not empty; give a new or empty folder`);
  mkdirSync(out, { recursive: true });
  const rng = createRng(seed);

  const manifest = {
    generator: 'bench/generate.mjs',
    version: GENERATOR_VERSION,
    params: { projects: projectCount, files: fileTarget, seed },
    counts: {},
    projects: [],
    /** IdentityServer4-family package sites: every one must be found. */
    packageSites: [],
    /** Other lines in MSBuild files that name a package the upgrade may care about (IdentityModel, EF Core, lookalikes, legacy <Reference>). */
    relatedSites: [],
    /** Source files (.cs, .cshtml) that contain IdentityServer4 or AddDeveloperSigningCredential, with their lines by kind (see lib/files.mjs). */
    files: [],
    migrations: [],
    /** Files outside the solution proper (bin/, obj/, node_modules/, .gitignore'd) that contain the token and must not be touched. */
    decoys: [],
    /** Folders that are ignored by .gitignore. */
    ignored: [],
  };
  let bytesWritten = 0;
  let sourceFiles = 0;
  let allFiles = 0;

  const write = (rel, bytes) => {
    const abs = path.join(out, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, bytes);
    bytesWritten += bytes.length;
    allFiles++;
  };
  const sourceStyle = () => {
    const r = rng.float();
    if (r < 0.06) return CRLF_BOM;
    if (r < 0.1) return { eol: '\r\n', bom: false, encoding: 'utf8' };
    if (r < 0.11) return { eol: '\r\n', bom: false, encoding: 'cp1250' };
    return LF;
  };
  /** Write a source file of the solution proper and record its marked lines. */
  const writeSource = (rel, fill, style = sourceStyle()) => {
    const f = new LineFile();
    fill(f, style.encoding === 'cp1250');
    write(rel, render(f.lines, style));
    sourceFiles++;
    const m = f.marks;
    if (m.usage.length || m.mention.length || m.entity.length || m.devSigning.length || m.atv.length) {
      const style_ = style.encoding === 'cp1250' ? 'windows-1250' : style.bom ? 'utf8-bom' : 'utf8';
      manifest.files.push({ path: rel, encoding: style_, eol: style.eol === '\n' ? 'lf' : 'crlf', usages: m.usage.length, usageLines: m.usage, mentionLines: m.mention, entityLines: m.entity, devSigningLines: m.devSigning, atvLines: m.atv });
    }
  };
  /** Write an MSBuild file; its 'site' lines were recorded by the caller through `sites`. */
  const writeMsbuild = (rel, f, style = LF) => write(rel, render(f.lines, style));

  // Root files.
  write('.gitignore', render(['# build output and local artefacts', 'artifacts/', '*.user', '.vs/'], LF));
  manifest.ignored.push('artifacts/');
  write('Directory.Build.props', render(['<Project>', '  <PropertyGroup>', '    <LangVersion>latest</LangVersion>', '    <Nullable>disable</Nullable>', '    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>', '  </PropertyGroup>', '</Project>'], LF));
  write('NuGet.config', render(['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <packageSources>', '    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />', '  </packageSources>', '</configuration>'], LF));
  write('README.md', render(['# Contoso platform', '', 'Synthetic IdentityServer4 4.1 monorepo written by duende-upgrade bench/generate.mjs.'], LF));

  const legacyCount = projectCount >= 20 ? Math.max(1, Math.round(projectCount * 0.005)) : projectCount >= 4 ? 1 : 0;
  const modernCount = projectCount - legacyCount;
  const areaCount = Math.max(Math.min(4, modernCount), Math.ceil(modernCount / 50));
  let filesLeft = fileTarget;
  let projectsLeft = projectCount;
  const quota = () => {
    const q = Math.round(filesLeft / projectsLeft);
    projectsLeft--;
    return q;
  };
  let shimWritten = false;

  let index = 0;
  for (let a = 0; a < areaCount && index < modernCount; a++) {
    const mode = MODES[a % MODES.length];
    const areaName = `${AREA_WORDS[a % AREA_WORDS.length]}${pad(a, 2)}`;
    const areaDir = `src/${areaName}`;
    const inArea = Math.ceil((modernCount - index) / (areaCount - a));
    const central = new Map(); // id -> version, for Directory.Packages.props
    const areaProjects = [];
    const areaIgnoresGenerated = a === 0;
    if (areaIgnoresGenerated) {
      write(`${areaDir}/.gitignore`, render(['# client code regenerated on build', 'Generated/'], LF));
      manifest.ignored.push(`${areaDir}/**/Generated/`);
    }

    for (let k = 0; k < inArea; k++, index++) {
      // The first few projects cover every shape, so even a tiny tree has them all.
      let role;
      if (index === 0 || index === 3) role = 'host';
      else if (index === 1) role = 'api';
      else if (index === 2) role = 'lib';
      else {
        const r = rng.float();
        role = r < 0.08 ? 'host' : r < 0.12 ? 'api' : r < 0.32 ? 'lib' : 'plain';
      }
      // An Update="IdentityServer4*" item would also force 4.1.2 onto AccessTokenValidation 3.0.1.
      if (role === 'api' && mode === 'update') role = 'lib';
      const kindWord = { host: 'Identity', api: 'Api', lib: 'Auth', plain: 'Core' }[role];
      const name = `Contoso.${areaName}.${kindWord}${pad(index)}`;
      const dir = `${areaDir}/${name}`;
      const ns = name;
      const csproj = `${dir}/${name}.csproj`;
      const tfm = rng.chance(0.3) ? 'net5.0' : 'netcoreapp3.1';
      const p = {
        path: csproj,
        name,
        role,
        area: areaName,
        solution: `${areaDir}/${areaName}.sln`,
        mode,
        targetFramework: tfm,
        is4Packages: [],
        ef: role === 'host' && (index === 0 || index === 3 || rng.chance(0.7)),
        views: role === 'host' && (index === 0 || rng.chance(0.5)),
        aspNetIdentity: role === 'host' && index !== 0 && rng.chance(0.3),
        nodeModules: false,
        devSigning: null,
        signingFile: false,
      };
      if (role === 'host') {
        if (index === 0) p.devSigning = 'statement';
        else if (index === 3) p.devSigning = 'chain-end';
        else {
          const r = rng.float();
          p.devSigning = r < 0.4 ? 'statement' : r < 0.6 ? 'chain-middle' : r < 0.8 ? 'chain-end' : null;
        }
      }
      p.nodeModules = p.views && (index === 0 || rng.chance(0.5));
      // Project 3 (and some others) keep signing in an extension method in a file without IdentityServer4.
      p.signingFile = role === 'host' && (index === 3 || (index !== 0 && rng.chance(0.25)));
      // Packages.
      const pkgs = [];
      if (role === 'host') {
        pkgs.push(['IdentityServer4', IS4_VERSION, true]);
        if (p.aspNetIdentity) pkgs.push(['IdentityServer4.AspNetIdentity', IS4_VERSION, true]);
        if (p.ef) {
          pkgs.push(['IdentityServer4.EntityFramework', IS4_VERSION, true]);
          pkgs.push(['Microsoft.EntityFrameworkCore.SqlServer', EF_VERSION, false]);
          pkgs.push(['Microsoft.EntityFrameworkCore.Design', EF_VERSION, false]);
        }
        pkgs.push(['Serilog.AspNetCore', '3.4.0', false]);
      } else if (role === 'api') {
        pkgs.push(['IdentityServer4.AccessTokenValidation', '3.0.1', true]);
        if (rng.chance(0.5)) pkgs.push(['IdentityModel', '4.4.0', false]);
      } else if (role === 'lib') {
        pkgs.push([rng.pick(['IdentityServer4', 'IdentityServer4.Storage', 'IdentityServer4.Storage', 'IdentityServer4.EntityFramework.Storage']), IS4_VERSION, true]);
      } else {
        pkgs.push(['Newtonsoft.Json', '12.0.3', false]);
        if (rng.chance(0.03)) pkgs.push(['Contoso.IdentityServer4Tools', '1.2.0', false]);
      }
      p.is4Packages = pkgs.filter((x) => x[2]).map((x) => x[0]);

      const f = new LineFile();
      const sdk = role === 'host' || role === 'api' ? 'Microsoft.NET.Sdk.Web' : 'Microsoft.NET.Sdk';
      f.add(`<Project Sdk="${sdk}">`);
      f.add('');
      f.add('  <PropertyGroup>');
      f.add(`    <TargetFramework>${tfm}</TargetFramework>`);
      f.add(`    <RootNamespace>${ns}</RootNamespace>`);
      f.add('  </PropertyGroup>');
      f.add('');
      f.add('  <ItemGroup>');
      for (const [id, version, is4] of pkgs) {
        const lookalike = id.includes('IdentityServer4') && !is4;
        const site = (line, extra = {}) => {
          const entry = { path: csproj, line, id, kind: 'PackageReference', ...extra };
          if (is4) manifest.packageSites.push(entry);
          else manifest.relatedSites.push({ ...entry, lookalike });
        };
        const useCentral = mode === 'cpm' || (mode === 'update' && is4);
        if (useCentral) {
          site(f.add(`    <PackageReference Include="${id}" />`), { versionFrom: mode === 'cpm' ? `${areaDir}/Directory.Packages.props` : `${areaDir}/Directory.Build.targets` });
          if (mode === 'cpm') central.set(id, version);
        } else if (mode === 'child' && rng.chance(0.8)) {
          const line = f.add(`    <PackageReference Include="${id}">`);
          const versionLine = f.add(`      <Version>${version}</Version>`);
          f.add('    </PackageReference>');
          site(line, { version, versionLine });
        } else if (id === 'Microsoft.EntityFrameworkCore.Design') {
          const line = f.add(`    <PackageReference Include="${id}" Version="${version}">`);
          f.add('      <PrivateAssets>all</PrivateAssets>');
          f.add('      <IncludeAssets>runtime; build; native; contentfiles; analyzers; buildtransitive</IncludeAssets>');
          f.add('    </PackageReference>');
          site(line, { version });
        } else {
          site(f.add(`    <PackageReference Include="${id}" Version="${version}" />`), { version });
        }
      }
      f.add('  </ItemGroup>');
      const libsSoFar = areaProjects.filter((x) => x.role === 'lib');
      if ((role === 'host' || role === 'api') && libsSoFar.length > 0) {
        const lib = rng.pick(libsSoFar);
        f.add('');
        f.add('  <ItemGroup>');
        f.add(`    <ProjectReference Include="..\\${lib.name}\\${lib.name}.csproj" />`);
        f.add('  </ItemGroup>');
        p.projectReferences = [lib.path];
      }
      f.add('');
      f.add('</Project>');
      writeMsbuild(csproj, f, rng.chance(0.15) ? CRLF_BOM : LF);
      areaProjects.push(p);
      manifest.projects.push(p);

      // Sources: the project's own shapes first, then ordinary files up to its share.
      const q = quota();
      let written = 0;
      const src = (rel, fill, style) => {
        writeSource(`${dir}/${rel}`, fill, style);
        written++;
      };
      if (role === 'host') {
        src('Program.cs', (x) => T.programCs(x, ns));
        src('Startup.cs', (x) => T.hostStartup(x, rng, ns, p));
        src('Config.cs', (x) => T.hostConfig(x, rng, ns));
        if (p.signingFile) src('SigningSetup.cs', (x) => T.signingSetup(x, ns, p.devSigning !== null));
        src('Quickstart/Account/AccountController.cs', (x) => T.accountController(x));
        if (p.ef) {
          // Projects 0 and 3 are two hosts with different layouts, so even a tiny tree is a monorepo of hosts.
          const nested = index === 0 ? true : index === 3 ? false : rng.chance(0.5);
          const custom = index === 3 || (index !== 0 && rng.chance(0.25)) ? 'IdentityServerPersistedGrantDbContext' : null;
          if (custom) src(`Data/${custom}.cs`, (x) => T.customContext(x, `${ns}.Data`, custom));
          for (const store of ['operational', 'configuration']) {
            const m = T.MIGRATIONS[store];
            const contextName = store === 'operational' && custom ? custom : m.context;
            const migDir = nested ? `Data/Migrations/IdentityServer/${m.folder}` : `Migrations/${m.folder}`;
            const migNs = `${ns}.${migDir.replace(/\//g, '.')}`;
            src(`${migDir}/${m.id}.cs`, (x) => T.migrationCs(x, migNs, m));
            src(`${migDir}/${m.id}.Designer.cs`, (x) => T.migrationModel(x, migNs, m, false, contextName));
            src(`${migDir}/${contextName}ModelSnapshot.cs`, (x) => T.migrationModel(x, migNs, m, true, contextName));
            manifest.migrations.push({ project: csproj, store, context: contextName, dir: `${dir}/${migDir}`, ids: [m.id] });
          }
        }
        if (p.views) {
          src('Views/_ViewImports.cshtml', (x) => x.addAll(['@using IdentityServerHost.Quickstart.UI', '@addTagHelper *, Microsoft.AspNetCore.Mvc.TagHelpers']));
          src('Views/Shared/_Nav.cshtml', (x) => T.navView(x));
          src('Views/Home/Index.cshtml', (x) => T.homeView(x));
        }
      } else if (role === 'api') {
        src('Program.cs', (x) => T.programCs(x, ns));
        src('Startup.cs', (x) => T.apiStartup(x, ns));
      } else if (role === 'lib' && !shimWritten) {
        src('Shims/ShimExtensions.cs', (x) => T.shimClass(x, rng));
        shimWritten = true;
      }
      const fillCount = Math.max(0, q - written);
      for (let i = 0; i < fillCount; i++) {
        const word = rng.pick(WORDS);
        const folder = rng.pick(FILL_FOLDERS);
        const r = rng.float();
        const is4Share = role === 'host' ? 0.4 : role === 'lib' ? 0.35 : 0;
        if (role === 'host' && r > 0.9) {
          src(`Views/${word}/Page${i}.cshtml`, (x) => T.plainView(x, rng, word));
        } else if (r < is4Share) {
          const cls = `${word}${folder.replace(/s$/, '')}${i}`;
          src(`${folder}/${cls}.cs`, (x, polish) => T.is4Class(x, rng, `${ns}.${folder}`, cls, { ef: p.ef || p.is4Packages.some((id) => id.includes('EntityFramework')), shim: shimWritten, settings: rng.chance(0.05), polish }));
        } else if (r < is4Share + 0.015) {
          const cls = `${word}Legacy${i}`;
          src(`${folder}/${cls}.cs`, (x) => T.mentionOnlyClass(x, rng, `${ns}.${folder}`, cls));
        } else {
          const cls = `${word}${folder.replace(/s$/, '')}${i}`;
          src(`${folder}/${cls}.cs`, (x, polish) => T.plainClass(x, rng, `${ns}.${folder}`, cls, { polish }));
        }
      }
      filesLeft -= written;

      writeOutputs(p, dir, tfm, rng, write, manifest, areaIgnoresGenerated);
    }

    // Where the versions come from, for the central forms.
    if (mode === 'cpm') {
      const f = new LineFile();
      const rel = `${areaDir}/Directory.Packages.props`;
      f.add('<Project>');
      f.add('  <PropertyGroup>');
      f.add('    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>');
      f.add('  </PropertyGroup>');
      f.add('  <ItemGroup>');
      for (const id of [...central.keys()].sort()) {
        const version = central.get(id);
        const line = f.add(`    <PackageVersion Include="${id}" Version="${version}" />`);
        const entry = { path: rel, line, id, version, kind: 'PackageVersion' };
        if (id.startsWith('IdentityServer4.') || id === 'IdentityServer4') manifest.packageSites.push(entry);
        else manifest.relatedSites.push({ ...entry, lookalike: id.includes('IdentityServer4') });
      }
      f.add('  </ItemGroup>');
      f.add('</Project>');
      writeMsbuild(rel, f);
    } else if (mode === 'update') {
      const f = new LineFile();
      const rel = `${areaDir}/Directory.Build.targets`;
      f.add('<Project>');
      f.add('  <!-- One place to move every IdentityServer4 package of this area. -->');
      f.add('  <ItemGroup>');
      const line = f.add(`    <PackageReference Update="IdentityServer4*" Version="${IS4_VERSION}" />`);
      f.add('  </ItemGroup>');
      f.add('</Project>');
      writeMsbuild(rel, f);
      manifest.packageSites.push({ path: rel, line, id: 'IdentityServer4*', version: IS4_VERSION, kind: 'PackageReferenceUpdate' });
    }
    writeSolution(`${areaDir}/${areaName}.sln`, areaProjects.map((x) => ({ name: x.name, rel: `${x.name}\\${x.name}.csproj` })), rng, write);
  }

  // Legacy .NET Framework projects with packages.config.
  const legacy = [];
  for (let l = 0; l < legacyCount; l++, index++) {
    const name = `Contoso.Legacy.Portal${pad(index)}`;
    const dir = `legacy/${name}`;
    const csproj = `${dir}/${name}.csproj`;
    const cfg = `${dir}/packages.config`;
    const f = new LineFile();
    f.add('<?xml version="1.0" encoding="utf-8"?>');
    f.add('<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">');
    f.add('  <PropertyGroup>');
    f.add('    <OutputType>Library</OutputType>');
    f.add(`    <RootNamespace>${name}</RootNamespace>`);
    f.add('    <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>');
    f.add('  </PropertyGroup>');
    f.add('  <ItemGroup>');
    const refLine = f.add(`    <Reference Include="IdentityServer4.Storage, Version=4.1.2.0, Culture=neutral, processorArchitecture=MSIL">`);
    const hintLine = f.add(`      <HintPath>..\\..\\packages\\IdentityServer4.Storage.4.1.2\\lib\\netstandard2.0\\IdentityServer4.Storage.dll</HintPath>`);
    f.add('    </Reference>');
    f.add('    <Reference Include="System" />');
    f.add('  </ItemGroup>');
    f.add('  <ItemGroup>');
    f.add('    <Compile Include="Properties\\AssemblyInfo.cs" />');
    f.add('    <Compile Include="Services\\TokenClient.cs" />');
    f.add('  </ItemGroup>');
    f.add('  <ItemGroup>');
    f.add('    <None Include="packages.config" />');
    f.add('  </ItemGroup>');
    f.add('  <Import Project="$(MSBuildToolsPath)\\Microsoft.CSharp.targets" />');
    f.add('</Project>');
    writeMsbuild(csproj, f, CRLF_BOM);
    manifest.relatedSites.push({ path: csproj, line: refLine, id: 'IdentityServer4.Storage', kind: 'Reference' }, { path: csproj, line: hintLine, id: 'IdentityServer4.Storage', kind: 'HintPath' });
    const c = new LineFile();
    c.add('<?xml version="1.0" encoding="utf-8"?>');
    c.add('<packages>');
    c.add('  <package id="Newtonsoft.Json" version="12.0.3" targetFramework="net472" />');
    const line = c.add('  <package id="IdentityServer4.Storage" version="4.1.2" targetFramework="net472" />');
    c.add('</packages>');
    writeMsbuild(cfg, c, CRLF_BOM);
    manifest.packageSites.push({ path: cfg, line, id: 'IdentityServer4.Storage', version: IS4_VERSION, kind: 'packages.config' });
    const p = { path: csproj, name, role: 'legacy', area: 'legacy', solution: 'legacy/Legacy.sln', mode: 'packages.config', targetFramework: 'net472', is4Packages: ['IdentityServer4.Storage'], ef: false, views: false, aspNetIdentity: false, nodeModules: false, devSigning: null, signingFile: false };
    manifest.projects.push(p);
    legacy.push(p);
    const q = quota();
    let written = 0;
    writeSource(`${dir}/Properties/AssemblyInfo.cs`, (x) => x.addAll(['using System.Reflection;', '', `[assembly: AssemblyTitle("${name}")]`, '[assembly: AssemblyVersion("1.0.0.0")]']), CRLF_BOM);
    written++;
    for (let i = written; i < Math.max(q, 2); i++) {
      const cls = i === 1 ? 'TokenClient' : `PortalService${i}`;
      writeSource(`${dir}/Services/${cls}.cs`, (x) => T.plainClass(x, rng, `${name}.Services`, cls), CRLF_BOM);
      written++;
    }
    filesLeft -= written;
  }
  if (legacy.length) writeSolution('legacy/Legacy.sln', legacy.map((x) => ({ name: x.name, rel: `${x.name}\\${x.name}.csproj` })), rng, write);

  // Large JSON data files that a scanner has no business reading.
  const jsonCount = Math.max(1, Math.round(projectCount / 250));
  const jsonSize = projectCount >= 500 ? 4 * 1024 * 1024 : 256 * 1024;
  for (let j = 0; j < jsonCount; j++) {
    const parts = ['['];
    let size = 1;
    for (let r = 0; size < jsonSize; r++) {
      const row = `${r ? ',' : ''}\n  {"clientId": "client-${j}-${r}", "type": "IdentityServer4.Models.Client", "secret": "${rng.bytes(12).toString('hex')}", "scopes": ["openid", "profile", "api${rng.int(1, 9)}"]}`;
      parts.push(row);
      size += row.length;
    }
    parts.push('\n]\n');
    write(`data/seed/clients-${pad(j, 3)}.json`, Buffer.from(parts.join(''), 'utf8'));
  }

  manifest.counts = {
    projects: manifest.projects.length,
    is4Projects: manifest.projects.filter((p) => p.is4Packages.length > 0).length,
    sourceFiles,
    tokenFiles: manifest.files.length,
    usageFiles: manifest.files.filter((x) => x.usages > 0).length,
    usages: manifest.files.reduce((s, x) => s + x.usages, 0),
    devSigningCalls: manifest.files.reduce((s, x) => s + x.devSigningLines.length, 0),
    packageSites: manifest.packageSites.length,
    decoys: manifest.decoys.length,
    files: allFiles,
    bytes: bytesWritten,
  };
  writeFileSync(path.join(out, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** Build output, restore output, node_modules and ignored copies: all must be passed over. */
function writeOutputs(p, dir, tfm, rng, write, manifest, areaIgnoresGenerated) {
  const is4 = p.is4Packages.length > 0;
  const decoy = (rel, bytes) => {
    write(rel, bytes);
    manifest.decoys.push(rel);
  };
  const assets = ['{', '  "version": 3,', '  "targets": {', `    ".NETCoreApp,Version=v3.1": {`];
  for (const id of p.is4Packages) assets.push(`      "${id}/4.1.2": { "type": "package", "compile": { "lib/netcoreapp3.1/${id}.dll": {} } },`);
  assets.push('      "Newtonsoft.Json/12.0.3": { "type": "package" }', '    }', '  }', '}');
  (is4 ? decoy : write)(`${dir}/obj/project.assets.json`, render(assets, LF));
  write(`${dir}/obj/Debug/${tfm}/${p.name}.AssemblyInfo.cs`, render(['//------------------------------------------------------------------------------', '// <auto-generated>', '//     This code was generated by a tool.', '// </auto-generated>', '//------------------------------------------------------------------------------', '', 'using System;', 'using System.Reflection;', '', `[assembly: System.Reflection.AssemblyTitleAttribute("${p.name}")]`], CRLF_BOM));
  const dll = rng.bytes(rng.int(4096, 16384));
  if (is4) Buffer.from('IdentityServer4.Models').copy(dll, 1024);
  (is4 ? decoy : write)(`${dir}/bin/Debug/${tfm}/${p.name}.dll`, dll);
  if (p.role === 'host') {
    const is4dll = rng.bytes(32768);
    Buffer.from('IdentityServer4.Hosting.IdentityServerMiddleware').copy(is4dll, 4096);
    decoy(`${dir}/bin/Debug/${tfm}/IdentityServer4.dll`, is4dll);
    decoy(`${dir}/bin/Debug/${tfm}/${p.name}.deps.json`, render(['{', '  "libraries": {', '    "IdentityServer4/4.1.2": { "type": "package" }', '  }', '}'], LF));
  }
  if (p.views) {
    decoy(`${dir}/obj/Debug/${tfm}/Razor/Views/Shared/_Nav.cshtml.g.cs`, render(['#pragma checksum "Views/Shared/_Nav.cshtml"', 'using IdentityServer4.Extensions;', 'namespace AspNetCore', '{', '    public class Views_Shared__Nav { }', '}'], LF));
    if (p.nodeModules) {
      write(`${dir}/node_modules/bootstrap/package.json`, render(['{ "name": "bootstrap", "version": "4.5.3" }'], LF));
      write(`${dir}/node_modules/bootstrap/dist/css/bootstrap.min.css`, Buffer.from(`:root{--blue:#007bff}${'.btn{display:inline-block}'.repeat(800)}\n`));
      decoy(`${dir}/node_modules/@contoso/signin-shim/src/SigninShim.cs`, render(['using IdentityServer4;', 'using IdentityServer4.Models;', 'namespace Contoso.SigninShim { public class Shim { } }'], LF));
      decoy(`${dir}/node_modules/@contoso/signin-shim/SigninShim.csproj`, render(['<Project Sdk="Microsoft.NET.Sdk">', '  <ItemGroup>', '    <PackageReference Include="IdentityServer4" Version="4.1.2" />', '  </ItemGroup>', '</Project>'], LF));
    }
  }
  if (p.role === 'host' && areaIgnoresGenerated) {
    decoy(`${dir}/Generated/TokenClient.g.cs`, render(['// regenerated on build; ignored by git', 'using IdentityServer4.Models;', `namespace ${p.name}.Generated { public partial class TokenClient { } }`], LF));
  }
  if (p.role === 'host' && rng.chance(0.2)) {
    const base = `artifacts/snapshots/${p.name}`;
    decoy(`${base}/Startup.cs`, render(['using IdentityServer4;', 'using Microsoft.Extensions.DependencyInjection;', 'namespace Snapshot { public class Startup { public void ConfigureServices(IServiceCollection s) => s.AddIdentityServer().AddDeveloperSigningCredential(); } }'], LF));
    decoy(`${base}/${p.name}.csproj`, render(['<Project Sdk="Microsoft.NET.Sdk.Web">', '  <ItemGroup>', '    <PackageReference Include="IdentityServer4" Version="4.1.2" />', '  </ItemGroup>', '</Project>'], LF));
  }
}

function writeSolution(rel, projects, rng, write) {
  const lines = ['', 'Microsoft Visual Studio Solution File, Format Version 12.00', '# Visual Studio Version 16', 'VisualStudioVersion = 16.0.30114.105', 'MinimumVisualStudioVersion = 10.0.40219.1'];
  const guids = [];
  for (const p of projects) {
    const g = rng.guid();
    guids.push(g);
    lines.push(`Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "${p.name}", "${p.rel}", "{${g}}"`, 'EndProject');
  }
  lines.push('Global', '\tGlobalSection(SolutionConfigurationPlatforms) = preSolution', '\t\tDebug|Any CPU = Debug|Any CPU', '\t\tRelease|Any CPU = Release|Any CPU', '\tEndGlobalSection', '\tGlobalSection(ProjectConfigurationPlatforms) = postSolution');
  for (const g of guids) lines.push(`\t\t{${g}}.Debug|Any CPU.ActiveCfg = Debug|Any CPU`, `\t\t{${g}}.Debug|Any CPU.Build.0 = Debug|Any CPU`);
  lines.push('\tEndGlobalSection', 'EndGlobal');
  write(rel, render(lines, CRLF_BOM));
}

function parseArgs(argv) {
  const opts = { ...DEFAULTS };
  let out;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(projects|files|seed)(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[2] ?? argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new Error(`${a} needs a whole number`);
      opts[m[1]] = Number(v);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else if (out === undefined) out = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!out) throw new Error('usage: node bench/generate.mjs <out> [--projects 2000] [--files 40000] [--seed 1]');
  return { out, opts };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { out, opts } = parseArgs(process.argv.slice(2));
    const started = performance.now();
    const m = generate(out, opts);
    const c = m.counts;
    process.stdout.write(
      `wrote ${out}: ${c.projects} projects (${c.is4Projects} with IdentityServer4), ${c.sourceFiles} source files, ${c.tokenFiles} with the token (${c.usageFiles} needing a namespace change, ${c.usages} usages), ` +
        `${c.packageSites} package sites, ${c.decoys} decoys; ${c.files} files, ${(c.bytes / 1048576).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } catch (error) {
    process.stderr.write(`generate: ${error.message}\n`);
    process.exit(2);
  }
}
