import type { PackageSite } from '../scan/model.js';
import type { Splice } from '../types.js';

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
