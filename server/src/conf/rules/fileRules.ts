/** Rules about files the configuration names. */
import { dirname, isAbsolute, join } from 'node:path';
import type { Finding } from '../model';
import { type ConfRule, onEntry } from './rule';

/** Files mosquitto creates itself; their absence is not a problem. */
const CREATED = new Set(['pid_file']);

export const missingFile: ConfRule = (model, ctx) => {
  const { fs, path } = ctx.doc;
  if (!fs || !ctx.settings.checkReferencedFiles) return [];
  const findings: Finding[] = [];
  for (const entry of model.entries) {
    const kind = entry.spec.kind;
    if ((kind !== 'file' && kind !== 'directory') || !entry.value || CREATED.has(entry.spec.name) || entry.spec.name === 'include_dir') continue;
    const value = entry.value.text;
    const base = entry.file ? dirname(entry.file) : path ? dirname(path) : undefined;
    if (!isAbsolute(value) && !base) continue;
    const resolved = isAbsolute(value) ? value : join(base!, value);
    if (fs.exists(resolved)) continue;
    findings.push(onEntry('missing-file', entry,
      `${kind === 'directory' ? 'Directory' : 'File'} \`${value}\` not found${isAbsolute(value) ? '' : ` (looked in ${resolved}; mosquitto resolves relative paths against its working directory)`}. mosquitto reads it at startup, after dropping privileges to \`user\`, and fails if it is missing. If the config is for a container or another machine, turn off \`mqttWorkbench.diagnostics.checkReferencedFiles\`.`,
      entry.value));
  }
  return findings;
};
