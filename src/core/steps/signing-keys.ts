import { lexFile } from '../lang/index.js';
import { keySource } from '../scan/key-source.js';
import { calls } from '../scan/signing.js';
import { LineIndex } from '../text/edit.js';
import { KEYS_CHOICES, type Evidence, type FileChange, type KeysChoice, type Splice, type StepVariant } from '../types.js';
import { hasLicence, licenceWarning } from './licence.js';
import { lastCodeBefore } from './code-end.js';
import type { Detection, Step, StepContext, StepWork } from './step.js';

const where = (e: { path: string; line: number }) => `${e.path}:${e.line}`;
const WS = /[ \t\r\n\f\v]/;
const DAY = 24 * 60 * 60 * 1000;
/** Duende IdentityServer 5's default KeyManagement.PropagationTime. */
const PROPAGATION_DAYS = 14;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const KEYS_LABELS: Record<KeysChoice, string> = {
  keep: 'Keep the current key for now (default)',
  auto: 'Switch to automatic key management now',
  'disable-auto': 'Keep the key and turn automatic key management off',
};

/** What a done step says was chosen. */
const DONE_NOTES: Record<KeysChoice, string> = {
  keep: 'kept the current key',
  auto: 'switched to automatic keys',
  'disable-auto': 'kept the key, automatic keys off',
};

const PENDING_NOTES: Record<KeysChoice, string> = {
  keep: 'will keep the current key',
  auto: 'will switch to automatic keys',
  'disable-auto': 'will keep the key and turn automatic keys off',
};

/** The project folder that holds a file (longest matching project directory). */
function projectDirOf(ctx: StepContext, file: string): string {
  let best = '';
  for (const p of ctx.scan.projects) {
    const dir = p.path.includes('/') ? p.path.slice(0, p.path.lastIndexOf('/') + 1) : '';
    if (file.startsWith(dir) && dir.length >= best.length) best = dir;
  }
  return best;
}

interface Edits {
  changes: FileChange[];
  /** Calls left as they are, each with the reason and the fix by hand. */
  leftAlone: string[];
}

function addChange(changes: FileChange[], path: string, splices: Splice[]): void {
  if (splices.length === 0) return;
  const existing = changes.find((c): c is Extract<FileChange, { kind: 'edit' }> => c.kind === 'edit' && c.path === path);
  if (existing) existing.splices.push(...splices);
  else changes.push({ kind: 'edit', path, splices });
}

/** Files that hold AddSigningCredential calls, in the scan's order. */
const filesOf = (evidence: readonly Evidence[]) => [...new Set(evidence.map((e) => e.path))];

/**
 * (b): AddSigningCredential(x) → AddValidationKey(x), only where Duende 5 has an
 * AddValidationKey overload for the same arguments. Only the method name
 * changes, so the key loading stays: the old key is still needed to validate.
 */
export function planAuto(ctx: StepContext): Edits {
  const out: Edits = { changes: [], leftAlone: [] };
  for (const path of filesOf(ctx.scan.signing.signingCredential)) {
    const r = ctx.workspace.tryRead(path);
    if (!r.ok) continue;
    const lexed = lexFile(r.file);
    if (!lexed) continue;
    const lines = new LineIndex(r.file.text);
    const at = (o: number) => `${path}:${lines.line(o)}`;
    const splices: Splice[] = [];
    for (const call of calls(lexed.mask, 'AddSigningCredential')) {
      if (lexed.language !== 'csharp') {
        out.leftAlone.push(`${at(call)}: only C# files are edited; replace AddSigningCredential with AddValidationKey there by hand.`);
        continue;
      }
      const source = keySource(lexed.mask, r.file.text, call);
      const arg = source?.args[0] ?? 'key';
      switch (source?.overload) {
        case 'certificate':
        case 'store':
        case 'rsa':
        case 'ecdsa':
          splices.push({ start: call, end: call + 'AddSigningCredential'.length, text: 'AddValidationKey' });
          break;
        case 'security-key':
          out.leftAlone.push(
            `${at(call)}: AddSigningCredential(${source.args.join(', ')}) passes a ${source.description} with a string algorithm, and AddValidationKey has no such overload: ` +
              `write AddValidationKey(new SecurityKeyInfo { Key = ${arg}, SigningAlgorithm = ${source.args[1] ?? '"RS256"'} }) (Duende.IdentityServer.Models) by hand.`,
          );
          break;
        case 'credentials':
          out.leftAlone.push(
            `${at(call)}: AddSigningCredential(${arg}) passes SigningCredentials, and AddValidationKey has no such overload: ` +
              `write AddValidationKey(new SecurityKeyInfo { Key = ${arg}.Key, SigningAlgorithm = ${arg}.Algorithm }) (Duende.IdentityServer.Models) by hand.`,
          );
          break;
        default:
          out.leftAlone.push(
            `${at(call)}: the type of ${arg} could not be told from this file, so AddSigningCredential was not renamed (AddValidationKey has overloads for X509Certificate2, a store name, RsaSecurityKey and ECDsaSecurityKey only): ` +
              'replace it with AddValidationKey by hand if it is one of those.',
          );
      }
    }
    addChange(out.changes, path, splices);
  }
  return out;
}

/** The lambda parameter name to add: `options` unless the file uses that name already. */
function freshName(mask: string): string {
  for (const n of ['options', 'identityServerOptions', 'keyOptions']) if (!new RegExp(`\\b${n}\\b`).test(mask)) return n;
  return 'isOptions';
}

function skipWs(m: string, at: number): number {
  while (at < m.length && WS.test(m[at]!)) at++;
  return at;
}

function matchingBrace(m: string, open: number): number {
  let depth = 0;
  for (let j = open; j < m.length; j++) {
    if (m[j] === '{' || m[j] === '(') depth++;
    else if ((m[j] === '}' || m[j] === ')') && --depth === 0) return j;
  }
  return -1;
}

/**
 * (c): `options.KeyManagement.Enabled = false` in AddIdentityServer's options
 * lambda, in each host that registers a static key (a host without one would
 * be left with no signing key at all).
 */
export function planDisable(ctx: StepContext): Edits {
  const out: Edits = { changes: [], leftAlone: [] };
  const keyed = new Set(ctx.scan.signing.signingCredential.map((e) => projectDirOf(ctx, e.path)));
  for (const path of filesOf(ctx.scan.signing.identityServer)) {
    if (!keyed.has(projectDirOf(ctx, path))) continue;
    const r = ctx.workspace.tryRead(path);
    if (!r.ok) continue;
    const lexed = lexFile(r.file);
    if (!lexed) continue;
    const text = r.file.text;
    const m = lexed.mask;
    const lines = new LineIndex(text);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const at = (o: number) => `${path}:${lines.line(o)}`;
    const fix = 'add options.KeyManagement.Enabled = false to its options (AddIdentityServer(options => { … })) by hand';
    const splices: Splice[] = [];
    for (const call of calls(m, 'AddIdentityServer')) {
      if (lexed.language !== 'csharp') {
        out.leftAlone.push(`${at(call)}: only C# files are edited; ${fix}.`);
        continue;
      }
      const open = skipWs(m, call + 'AddIdentityServer'.length);
      const close = matchingBrace(m, open);
      if (m[open] !== '(' || close === -1) continue;
      const inner = m.slice(open + 1, close);
      if (inner.trim() === '') {
        const name = freshName(m);
        splices.push({ start: open + 1, end: close, text: `${name} => ${name}.KeyManagement.Enabled = false` });
        continue;
      }
      const lambda = /^\s*(?:\(\s*(?:[\w.]+\s+)?([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))\s*=>\s*/.exec(inner);
      if (!lambda) {
        out.leftAlone.push(`${at(call)}: AddIdentityServer is given its options in a form other than a lambda; ${fix}, or configure IdentityServerOptions.KeyManagement.Enabled = false where they are set.`);
        continue;
      }
      const p = (lambda[1] ?? lambda[2])!;
      const bodyAt = open + 1 + lambda[0].length;
      const statement = `${p}.KeyManagement.Enabled = false;`;
      if (m[bodyAt] === '{') {
        const end = matchingBrace(m, bodyAt);
        if (end === -1) continue;
        // after the last statement, on its own line with the indentation of the first one
        let last = end - 1;
        while (last > bodyAt && WS.test(m[last]!)) last--;
        const body = text.slice(bodyAt + 1, end);
        const firstLine = /\n([ \t]*)\S/.exec(body);
        if (last === bodyAt || !firstLine) {
          // `{ }` or everything on the brace's line: stay on one line
          splices.push({ start: last + 1, end: last + 1, text: ` ${statement}` });
          continue;
        }
        // keep a trailing comment on the last statement's line where it is
        const lineEnd = text.indexOf('\n', last);
        const insertAt = lineEnd === -1 || lineEnd > end ? last + 1 : lineEnd + 1;
        const indent = firstLine[1]!;
        splices.push(
          insertAt === last + 1
            ? { start: insertAt, end: insertAt, text: `${eol}${indent}${statement}` }
            : { start: insertAt, end: insertAt, text: `${indent}${statement}${eol}` },
        );
        continue;
      }
      // an expression body: make it a block that keeps the expression as a statement
      const exprEnd = lastCodeBefore(lexed, bodyAt, close);
      splices.push({ start: bodyAt, end: bodyAt, text: '{ ' }, { start: exprEnd + 1, end: exprEnd + 1, text: `; ${statement} }` });
    }
    addChange(out.changes, path, splices);
  }
  return out;
}

/** `keys/` added to the root .gitignore, when there is one and it does not ignore keys/ yet. */
function gitignoreChange(ctx: StepContext): FileChange | undefined {
  const r = ctx.workspace.tryRead('.gitignore');
  if (!r.ok) return undefined;
  const text = r.file.text;
  if (/^\s*\/?(?:\*\*\/)?keys\/?\s*$/m.test(text)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
  return { kind: 'edit', path: '.gitignore', splices: [{ start: text.length, end: text.length, text: `${sep}# Duende IdentityServer automatic signing keys (file system key store)${eol}keys/${eol}` }] };
}

function usesOperationalStore(ctx: StepContext): boolean {
  // a registration through a generic helper shows the helper's call, its note names the store
  return ctx.scan.ef.contexts.some((c) => c.store === 'operational') || ctx.scan.ef.storeRegistrations.some((e) => /AddOperationalStore/.test(e.text) || e.note?.startsWith('operational store registration') === true);
}

/** Where automatic keys will be written, and what breaks them; only what applies. */
function automaticKeyWarnings(ctx: StepContext): { warnings: string[]; gitignore?: FileChange } {
  const warnings: string[] = [];
  let gitignore: FileChange | undefined;
  if (usesOperationalStore(ctx)) {
    // the Keys table comes with the database step's migration, when it could plan one
    const planned = ctx.scan.ef.contexts.some((c) => c.store === 'operational');
    // the Keys table came with Duende 5.0: from a Duende source it is there already
    const where =
      ctx.source?.product === 'Duende'
        ? 'there since Duende IdentityServer 5.0'
        : planned
          ? 'the database step adds it'
          : "which comes with the operational store's migration to Duende: the database step could not plan it here, see its warnings";
    warnings.push(`Automatic keys will be stored in the operational store's Keys table (${where}), so every instance of the host shares them.`);
  } else {
    gitignore = gitignoreChange(ctx);
    const ignored = !gitignore && ctx.workspace.tryRead('.gitignore').ok;
    warnings.push(
      'Without the EF operational store, automatic keys are written as files to keys/ under the host\'s working directory: ' +
        'every instance must share that folder (or register a shared ISigningKeyStore), and it must not be committed' +
        (ignored ? ' (.gitignore already ignores keys/).' : gitignore ? '; choosing automatic keys adds keys/ to .gitignore.' : '; add keys/ to your .gitignore.'),
    );
  }
  const keyed = new Set([...ctx.scan.signing.signingCredential, ...ctx.scan.signing.identityServer].map((e) => projectDirOf(ctx, e.path)));
  const protectedDirs = new Set(ctx.scan.signing.dataProtection.map((e) => projectDirOf(ctx, e.path)));
  const exposed = [...keyed].filter((d) => !protectedDirs.has(d));
  if (exposed.length > 0) {
    const names = exposed.map((d) => d.replace(/\/$/, '') || '.').join(', ');
    warnings.push(
      `Automatic keys are encrypted with ASP.NET Core Data Protection, and ${names} neither persists its data-protection keys (PersistKeysTo…) nor sets an application name (SetApplicationName): ` +
        'after a restart on another machine or in a new container the host cannot read its signing keys ("Error unprotecting key"). Persist the data-protection keys to shared storage and set an application name.',
    );
  }
  return { warnings, gitignore };
}

function schedule(at: string, now: Date): string[] {
  const caches = new Date(now.getTime() + DAY);
  const propagated = new Date(caches.getTime() + PROPAGATION_DAYS * DAY);
  return [
    `Keep AddSigningCredential (${at}) as it is for now: it takes precedence over automatic key management, so tokens keep being signed with your current key.`,
    `Not before ${isoDay(caches)} (24 hours, for clients and APIs to refresh the discovery document and keys they cached) plus the first automatic key's propagation time (${PROPAGATION_DAYS} days by default), so from ${isoDay(propagated)}: ` +
      'replace AddSigningCredential(x) with AddValidationKey(x). Automatic keys then sign, and the old key is still published so tokens it signed keep validating.',
    `Once no token signed with the old key can still be in use (its longest token lifetime after that switch), remove the AddValidationKey(x) call.`,
  ];
}

function variants(ctx: StepContext, now: Date): StepVariant[] {
  const s = ctx.scan.signing;
  const at = s.signingCredential.map(where).join(', ');
  const auto = planAuto(ctx);
  const disable = planDisable(ctx);
  const keys = automaticKeyWarnings(ctx);
  return [
    {
      id: 'keep',
      label: KEYS_LABELS.keep,
      changes: [],
      warnings: keys.warnings,
      followUps: schedule(at, now),
    },
    {
      id: 'auto',
      label: KEYS_LABELS.auto,
      caution: 'The first automatic key signs at once: clients and APIs that cached the old discovery document reject new tokens until they refresh it (typically up to 24 hours).',
      changes: [...auto.changes, ...(keys.gitignore ? [keys.gitignore] : [])],
      warnings: keys.warnings,
      followUps: [
        ...auto.leftAlone,
        removal(now, s.signingCredential.length > 1),
      ],
    },
    {
      id: 'disable-auto',
      label: KEYS_LABELS['disable-auto'],
      changes: disable.changes,
      warnings: [],
      followUps: [
        ...disable.leftAlone,
        ROTATE,
      ],
    },
  ];
}

const ROTATE = 'Your static key keeps signing; rotate it yourself as before (publish the next key with AddValidationKey before it signs).';
const removal = (from: Date, several: boolean) =>
  `Once no token signed with the old key can still be in use (not before ${isoDay(new Date(from.getTime() + DAY))}, plus your longest token lifetime), remove the AddValidationKey(x) call${several ? 's' : ''}.`;

/** The follow-ups of a choice once applied, dated from when it was applied. */
function doneFollowUps(ctx: StepContext, choice: KeysChoice): string[] {
  const s = ctx.scan.signing;
  const at = ctx.earlier.record('signing-keys')?.at;
  const when = at && !Number.isNaN(Date.parse(at)) ? new Date(at) : new Date();
  if (choice === 'keep') return s.signingCredential.length > 0 ? schedule(s.signingCredential.map(where).join(', '), when) : [];
  if (choice === 'auto') return s.validationKeys.length > 0 ? [removal(when, s.validationKeys.length > 1)] : [];
  return [ROTATE];
}

function inferChoice(ctx: StepContext): KeysChoice {
  const recorded = ctx.earlier.record('signing-keys');
  if (recorded?.choice && (KEYS_CHOICES as readonly string[]).includes(recorded.choice)) return recorded.choice as KeysChoice;
  const s = ctx.scan.signing;
  if (s.keyManagement.some((e) => e.note === 'automatic key management disabled')) return 'disable-auto';
  return s.signingCredential.length === 0 ? 'auto' : 'keep';
}

/**
 * Step 5 of Duende's v5 upgrade guide, a decision: keep the static key for now
 * (it takes precedence over automatic keys), switch to automatic keys at once
 * (the old key stays published through AddValidationKey), or keep the key and
 * turn automatic key management off. Each choice is a variant of the plan, so
 * each can be previewed; --keys picks one under --yes.
 */
export const signingKeysStep: Step = {
  id: 'signing-keys',
  kind: 'decision',
  title: 'Choose how signing keys are managed',
  why: 'Duende IdentityServer manages signing keys automatically, but clients cache the discovery document and keys (typically 24 hours), so the switch from a static key is planned.',
  detect(ctx): Detection {
    const s = ctx.scan.signing;
    const disabled = s.keyManagement.filter((e) => e.note === 'automatic key management disabled');
    const doneByUs = ctx.earlier.record('signing-keys')?.status === 'done';
    const developerOnly = s.signingCredential.length === 0 && (s.developerCredential.length > 0 || s.tempKeyFiles.length > 0);
    const warnings = developerOnly ? ['Only the developer signing credential was used: it was a temporary key, so there is no old key to keep; automatic key management takes over.'] : [];
    if (developerOnly && !doneByUs && s.validationKeys.length === 0 && disabled.length === 0) {
      // what automatic keys need, said where they take over: the licence, shared storage, a readable key ring
      if (!hasLicence(ctx.scan)) warnings.push(licenceWarning('developer'));
      warnings.push(...automaticKeyWarnings(ctx).warnings.map((w) => w.replace('; choosing automatic keys adds keys/ to .gitignore.', '; add keys/ to your .gitignore.')));
    }
    if (doneByUs) {
      const choice = inferChoice(ctx);
      // what still holds after the choice stays in the plan, so the report collects it
      if (!hasLicence(ctx.scan)) warnings.push(licenceWarning());
      if (choice !== 'disable-auto') warnings.push(...automaticKeyWarnings(ctx).warnings.filter((w) => !w.includes('.gitignore') || !w.includes('choosing automatic keys')));
      return {
        status: 'done',
        choice,
        statusNote: DONE_NOTES[choice],
        evidence: [...s.signingCredential, ...s.validationKeys, ...disabled],
        warnings,
        followUps: doneFollowUps(ctx, choice),
      };
    }
    if (s.signingCredential.length === 0) {
      if (s.validationKeys.length > 0 || disabled.length > 0) {
        // someone switched by hand: nothing for this step to choose, and nothing it did
        warnings.push(
          disabled.length > 0
            ? `Automatic key management is already turned off (${disabled.map(where).join(', ')}) and no AddSigningCredential is left: nothing for this step to do.`
            : `AddValidationKey is already there (${s.validationKeys.map(where).join(', ')}) and no AddSigningCredential is left: the switch to automatic keys was made by hand, so there is nothing for this step to do.`,
        );
        return { status: 'not-applicable', evidence: [...s.validationKeys, ...disabled], warnings };
      }
      return { status: 'not-applicable', evidence: [], warnings };
    }
    if (disabled.length > 0) {
      warnings.push(`Automatic key management is already turned off (${disabled.map(where).join(', ')}), so the static key keeps signing: nothing for this step to do.`);
      return { status: 'not-applicable', evidence: [...s.signingCredential, ...disabled], warnings };
    }
    if (s.validationKeys.length > 0) {
      warnings.push(`AddSigningCredential is still there next to AddValidationKey (${s.signingCredential.map(where).join(', ')}); while it stays it signs every token and the automatic keys are not used.`);
    }
    return { status: 'pending', evidence: [...s.signingCredential, ...s.validationKeys], warnings };
  },
  plan(ctx): StepWork {
    const all = variants(ctx, new Date());
    const chosen = all.find((v) => v.id === (ctx.options.keys ?? 'keep'))!;
    const warnings = hasLicence(ctx.scan) ? [] : [licenceWarning()];
    return {
      changes: chosen.changes,
      commands: [],
      warnings: [...warnings, ...chosen.warnings],
      followUps: chosen.followUps,
      variants: all.map((v) => ({ ...v, warnings: [...warnings, ...v.warnings] })),
      choice: chosen.id,
      statusNote: PENDING_NOTES[chosen.id as KeysChoice],
    };
  },
};
