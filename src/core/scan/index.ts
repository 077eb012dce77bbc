import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { globby } from 'globby';
import { InputError } from '../errors.js';
import { Workspace } from '../workspace.js';
import { scanEf, type ScanSoFar } from './ef.js';
import type { Scan } from './model.js';
import { scanSigning } from './signing.js';

const SOURCE_EXTENSIONS = ['cs', 'cshtml', 'razor', 'vb', 'fs'];
const MSBUILD_PATTERNS = ['**/*.sln', '**/*.csproj', '**/*.fsproj', '**/*.vbproj', '**/Directory.Build.props', '**/Directory.Build.targets', '**/Directory.Packages.props', '**/packages.config'];
const TOKENS = ['IdentityServer4', 'AddDeveloperSigningCredential'];
const OTHER_FILES = ['**/tempkey.jwk', '**/tempkey.rsa', '**/Duende_IdentityServer_License.key'];

/**
 * Find what is there. Placeholder walker: the full scanner (MSBuild parsing,
 * projects, EF, signing) lives beside this file.
 */
export async function scan(rootArg: string, workspace = new Workspace(path.resolve(rootArg))): Promise<{ scan: Scan; workspace: Workspace }> {
  const root = workspace.root;
  if (!existsSync(root)) throw new InputError('no such folder', { path: rootArg });
  if (!statSync(root).isDirectory()) throw new InputError('not a folder', { path: rootArg });
  const files = await globby([...MSBUILD_PATTERNS, ...OTHER_FILES, `**/*.{${SOURCE_EXTENSIONS.join(',')}}`], {
    cwd: root,
    gitignore: true,
    ignore: ['**/bin/**', '**/obj/**', '**/node_modules/**', '**/.git/**', '**/.duende-upgrade/**'],
    followSymbolicLinks: false,
    dot: false,
  });
  files.sort();
  const sourceFiles: string[] = [];
  const msbuildFiles: string[] = [];
  const solutions: string[] = [];
  const otherFiles: string[] = [];
  const skipped: Scan['skipped'] = [];
  for (const f of files) {
    const ext = f.slice(f.lastIndexOf('.') + 1);
    if (ext === 'sln') solutions.push(f);
    else if (ext === 'jwk' || ext === 'rsa' || ext === 'key') otherFiles.push(f);
    else if (SOURCE_EXTENSIONS.includes(ext)) {
      const r = workspace.tryRead(f);
      if (!r.ok) {
        if (r.reason !== 'unreadable') skipped.push({ path: f, reason: r.message });
        continue;
      }
      if (TOKENS.some((t) => r.file.text.includes(t))) sourceFiles.push(f);
    } else msbuildFiles.push(f);
  }
  if (msbuildFiles.filter((f) => /\.(cs|fs|vb)proj$/.test(f)).length === 0 && solutions.length === 0) {
    throw new InputError('no .NET project here: no .sln, .csproj, .fsproj or .vbproj was found', { path: rootArg });
  }
  const soFar: ScanSoFar = {
    root,
    solutions,
    projects: [],
    msbuildFiles,
    packageSites: [],
    is4Versions: [],
    sourceFiles,
    skipped,
    warnings: [],
    otherFiles,
  };
  const { otherFiles: _, ...rest } = soFar;
  return { workspace, scan: { ...rest, ef: scanEf(workspace, soFar), signing: scanSigning(workspace, soFar) } };
}
