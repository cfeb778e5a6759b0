/** Rules about files the configuration names. */
import { isNetworkPath } from '../../pathPolicy';
import { isAbsolute } from 'node:path';
import { lookedIn, possiblePaths, resolveConfPath, wouldBeInWorkspace } from '../references';
import type { Finding } from '../model';
import { type ConfRule, onEntry } from './rule';
import { clip, shellQuote } from '../../text';

/** Files mosquitto creates itself; their absence is not a problem. */
const CREATED = new Set(['pid_file']);

/** Paths mosquitto does not need to start: what fails without them instead. */
const SAVED_ONLY: Readonly<Record<string, string>> = {
  persistence_location:
    'mosquitto starts without it (there is simply no database to restore), but saving the database at each autosave and at shutdown fails, so retained messages and sessions are lost on restart.',
};

export const missingFile: ConfRule = (model, ctx) => {
  const { fs, path } = ctx.doc;
  if (!fs || !ctx.settings.checkReferencedFiles) return [];
  const findings: Finding[] = [];
  for (const entry of model.entries) {
    const kind = entry.spec.kind;
    if (
      (kind !== 'file' && kind !== 'directory') ||
      !entry.value ||
      CREATED.has(entry.spec.name) ||
      entry.spec.name === 'include_dir'
    )
      continue;
    const value = entry.value.text;
    const workingDirectory = ctx.settings.mosquittoWorkingDirectory;
    // Relative to mosquitto's working directory, whichever file the line is in.
    const places = possiblePaths(value, path, workingDirectory, fs);
    const resolved = places[0];
    // A network path cannot be checked without contacting its host.
    if (!resolved || isNetworkPath(resolved) || places.some((p) => fs.exists(p))) continue;
    // Absent here but outside the workspace: where the config runs (a container, a server) it may well exist.
    if (isAbsolute(value) && !wouldBeInWorkspace(resolved, fs)) continue;
    const what = `${kind === 'directory' ? 'Directory' : 'File'} \`${clip(value, 40)}\` not found`;
    const saved = SAVED_ONLY[entry.spec.name];
    const effect =
      saved ?? 'mosquitto reads it at startup, after dropping privileges to `user`, and fails if it is missing.';
    findings.push(
      onEntry(
        'missing-file',
        entry,
        {
          message: saved ? `${what}: saving retained messages will fail` : `${what}: mosquitto will not start`,
          detail: `${kind === 'directory' ? 'Directory' : 'File'} \`${clip(value)}\` not found${lookedIn(value, places, workingDirectory)}. ${effect} If the config is for another layout, set \`mqttWorkbench.mosquitto.workingDirectory\` or turn off \`mqttWorkbench.diagnostics.checkReferencedFiles\`.`,
        },
        entry.value,
      ),
    );
  }
  return findings;
};

/** A password_file with passwords that are not mosquitto_passwd hashes (`$6$` SHA-512, `$7$` PBKDF2). */
export const plaintextPasswordFile: ConfRule = (model, ctx) => {
  const { fs, path } = ctx.doc;
  if (!fs || !ctx.settings.checkReferencedFiles) return [];
  const findings: Finding[] = [];
  for (const entry of model.entries) {
    if (entry.spec.name !== 'password_file' || !entry.value) continue;
    const value = entry.value.text;
    const resolved = resolveConfPath(value, path, ctx.settings.mosquittoWorkingDirectory);
    // Outside the workspace (/etc/passwd, /proc/self/environ) the file is not read: its lines would be quoted.
    const text = resolved && fs.mayRead(resolved) ? fs.readFile(resolved) : undefined;
    if (text === undefined) continue;
    const plain = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && l.includes(':'))
      .filter((l) => !/^\$[67]\$/.test(l.slice(l.indexOf(':') + 1)))
      .map((l) => l.slice(0, l.indexOf(':')));
    if (plain.length === 0) continue;
    findings.push(
      onEntry(
        'plaintext-password-file',
        entry,
        `${
          plain.length === 1
            ? `User \`${clip(plain[0]!)}\` has`
            : `${plain.length} users (${plain
                .slice(0, 3)
                .map((u) => `\`${clip(u)}\``)
                .join(', ')}${plain.length > 3 ? ', ...' : ''}) have`
        } a plaintext password in this file, readable by anyone who can read the file, and mosquitto 2.0 expects hashes. Run \`mosquitto_passwd -U ${shellQuote(value.startsWith('-') ? `./${value}` : value)}\` to hash them in place.`,
        entry.value,
      ),
    );
  }
  return findings;
};
