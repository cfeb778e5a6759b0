/** Markdown documentation of an option, shared by hover and completion. */
import type { OptionSpec } from './optionTypes';

const SCOPE_WORDS: Record<OptionSpec['scope'], string> = {
  global: 'global (anywhere in the file)',
  security: 'security: global, or the current listener when `per_listener_settings true`',
  listener: 'the current listener (the implicit default listener before any `listener` line)',
  'default-listener': 'the implicit default listener',
  bridge: 'the current bridge (after a `connection` line in the same file)',
  plugin: 'the current plugin (after a `plugin` line in the same file)',
  main: 'main config file only (ignored in included files)',
};

const REPEAT_WORDS: Record<OptionSpec['repeat'], string> = {
  'last-wins': 'the last one wins',
  'duplicate-error': 'setting it twice in one scope is an error',
  accumulate: 'each occurrence adds another',
};

export function optionMarkdown(spec: OptionSpec, name = spec.name): string {
  const lines: string[] = [];
  lines.push('```mosquitto-conf', `${name} ${spec.argument}`.trimEnd(), '```');
  lines.push(spec.doc);
  const facts: string[] = [`**Scope:** ${SCOPE_WORDS[spec.scope]}`, `**Repeated:** ${REPEAT_WORDS[spec.repeat]}`];
  if (spec.default) facts.push(`**Default:** ${spec.default}`);
  if (spec.values?.length) facts.push(`**Values:** ${spec.values.map((v) => `\`${v}\``).join(', ')}`);
  if (spec.min !== undefined || spec.max !== undefined) facts.push(`**Range:** ${spec.min ?? '…'}–${spec.max ?? '…'}`);
  if (spec.since) facts.push(`**Since:** mosquitto ${spec.since}`);
  if (spec.aliasOf) facts.push(`**Alias of:** \`${spec.aliasOf}\``);
  if (spec.deprecated)
    facts.push(
      `**Deprecated${spec.deprecated.since ? ` in ${spec.deprecated.since}` : ''}:** ${spec.deprecated.replacement ? `use \`${spec.deprecated.replacement}\`. ` : ''}${spec.deprecated.note}`,
    );
  lines.push('', facts.join('  \n'));
  if (spec.trap) lines.push('', `**⚠ Trap:** ${spec.trap}`);
  if (spec.caveat) lines.push('', `**Man page vs. code:** ${spec.caveat}`);
  return lines.join('\n');
}
