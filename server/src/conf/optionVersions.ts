/**
 * Which mosquitto versions accept an option: the one place that answers it, so the parser, the
 * "did you mean" list, completion and hovers cannot disagree.
 */
import type { MosquittoVersion } from '../types';
import type { OptionSpec, VersionTag } from './optionTypes';

/**
 * The `since` tags each version setting covers. The setting '2.0' stands for 2.0.0–2.0.20 (Debian 12
 * ships 2.0.11), so options from 2.0.21 count as missing there, like the 2.1 ones.
 */
const COVERS: Readonly<Record<MosquittoVersion, readonly VersionTag[]>> = {
  '2.0': [],
  '2.1': ['2.0.21', '2.1'],
};

/** Whether mosquitto `version` accepts the option at all. */
export function isAvailable(spec: OptionSpec, version: MosquittoVersion): boolean {
  return spec.since === undefined || COVERS[version].includes(spec.since);
}

/** The enum values mosquitto `version` accepts for an option. */
export function valuesFor(spec: OptionSpec, version: MosquittoVersion): readonly string[] {
  const later = Object.entries(spec.valuesSince ?? {})
    .filter(([, since]) => COVERS[version].includes(since))
    .map(([value]) => value);
  return later.length ? [...(spec.values ?? []), ...later] : (spec.values ?? []);
}
