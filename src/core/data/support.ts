/**
 * When Duende's support for each release line ends (UPGRADE-FACTS-LATER.md,
 * "Releases, frameworks and support"). Lines whose end depends on the target
 * framework (7.4) are left out rather than guessed.
 */
const SUPPORT_ENDS: readonly { major: number; minors: readonly number[]; ends: string }[] = [
  { major: 5, minors: [0, 1, 2], ends: '2022-12-13' },
  { major: 6, minors: [0, 1, 2, 3], ends: '2024-11-12' },
  { major: 7, minors: [0, 1, 2, 3], ends: '2026-11-10' },
  { major: 8, minors: [0], ends: '2028-11-14' },
];

/** "Duende IdentityServer 5 has been out of support since 2022-12-13 …", or undefined while it is supported. */
export function supportNote(target: string, today: Date = new Date()): string | undefined {
  const [major, minor] = target.split('.').map((x) => Number.parseInt(x, 10));
  const line = SUPPORT_ENDS.find((l) => l.major === major && l.minors.includes(minor ?? 0));
  if (!line || line.ends > today.toISOString().slice(0, 10)) return undefined;
  return `Duende IdentityServer ${major}${major === 5 ? '' : `.${minor}`} has been out of support since ${line.ends}: it gets no security fixes. Plan the next upgrade to a supported version.`;
}
