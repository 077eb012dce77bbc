import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/cli.js';

/** Write a small tree (root-relative path → contents) into a fresh temp folder that is its own git repository root. */
export function writeTree(files: Record<string, string | Buffer>, opts: { git?: boolean } = {}): string {
  const dir = tempDir('scan-');
  if (opts.git !== false) mkdirSync(path.join(dir, '.git'));
  writeInto(dir, files);
  return dir;
}

export function writeInto(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A minimal SDK-style project with the given lines inside one ItemGroup. */
export function csproj(items: string, opts: { tfm?: string; sdk?: string } = {}): string {
  const tfm = opts.tfm === undefined ? '  <PropertyGroup>\n    <TargetFramework>net5.0</TargetFramework>\n  </PropertyGroup>\n' : opts.tfm;
  return `<Project Sdk="${opts.sdk ?? 'Microsoft.NET.Sdk.Web'}">\n${tfm}  <ItemGroup>\n${items}  </ItemGroup>\n</Project>\n`;
}
