import type { PackageSite } from '../scan/model.js';
import type { Splice } from '../types.js';
import type { TextFile } from '../workspace.js';

/**
 * Write each site's wanted version: into the $(Property) it is written with when
 * every use of that property gets the same version from this step, else into the
 * site itself (with a warning saying why). Shared by the packages and framework steps.
 */
export function versionSplices(wanted: ReadonlyMap<PackageSite, string>, add: (path: string, s: Splice) => void, warnings: string[]): void {
  for (const [s, version] of wanted) {
    const prop = s.versionProperty;
    if (prop) {
      const users = [...wanted].filter(([o]) => o.versionProperty?.name.toLowerCase() === prop.name.toLowerCase() && o.versionProperty.path === prop.path);
      const agreed = users.every(([, v]) => v === version);
      // One attribute can carry several ids (Update="A;B"); it is still one use of the property.
      const places = new Set(users.map(([o]) => `${o.path}:${o.versionSpan!.start}`));
      if (agreed && places.size === prop.uses) {
        add(prop.path, { start: prop.span.start, end: prop.span.end, text: version });
        continue;
      }
      warnings.push(
        `${s.path}:${s.line}: the version $(${prop.name}) (${prop.path}:${prop.line}) is also used by something this step does not change, so it is left as is and ${s.id} gets the version ${version} written out instead.`,
      );
    }
    add(s.path, { start: s.versionSpan!.start, end: s.versionSpan!.end, text: version });
  }
}

/**
 * A new `<PackageReference Include="id" Version="version" />`: after the last
 * PackageReference outside a comment, with its indentation and the file's line
 * ending, else in an ItemGroup of its own before </Project>. A splice, so it shows
 * in the preview and goes through apply's hash check and backup.
 */
export function packageReferenceInsert(file: TextFile, id: string, version: string): Splice {
  const text = file.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comments = [...text.matchAll(/<!--[\s\S]*?-->/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
  const inComment = (at: number) => comments.some(([s, e]) => at >= s && at < e);
  const refs = [...text.matchAll(/<PackageReference\b/g)].filter((m) => !inComment(m.index!));
  const element = `<PackageReference Include="${id}" Version="${version}" />`;
  const last = refs.at(-1);
  if (last) {
    const start = last.index!;
    const selfClose = text.indexOf('/>', start);
    const nextOpen = text.indexOf('>', start);
    const end = selfClose !== -1 && selfClose < nextOpen + 1 ? selfClose + 2 : text.indexOf('</PackageReference>', start) + '</PackageReference>'.length;
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd === -1) lineEnd = text.length;
    else if (text[lineEnd - 1] === '\r') lineEnd--;
    const lineStart = text.lastIndexOf('\n', start) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    return { start: lineEnd, end: lineEnd, text: `${eol}${indent}${element}` };
  }
  const close = text.lastIndexOf('</Project>');
  const at = close === -1 ? text.length : text.lastIndexOf('\n', close) + 1;
  return { start: at, end: at, text: `  <ItemGroup>${eol}    ${element}${eol}  </ItemGroup>${eol}` };
}
