import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The .NET SDK versions installed beside `dotnet` (the sdk/ folder of its
 * installation), newest first. Read from the file system, so planning starts
 * no process; empty when dotnet is not known or the folder cannot be read.
 */
export function installedSdks(dotnetPath: string | undefined): string[] {
  if (!dotnetPath) return [];
  try {
    const dir = path.join(path.dirname(realpathSync(dotnetPath)), 'sdk');
    const key = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);
    return readdirSync(dir)
      .filter((n) => /^\d+\.\d+\.\d+$/.test(n))
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i]! - x[i]!;
        return 0;
      });
  } catch {
    return [];
  }
}
