/** Readers for single options whose values have a format of their own (destinations, durations, digests, plugin values). */
import { nextToken, type OptionLine, type Token } from '../lexer';
import type { Entry } from '../model';
import { enumFixes } from '../messages';
import { atoi } from '../values';
import { extraTokens, inlineComment, missing, type ReadContext } from './context';
import { clip } from '../../text';

/** `log_dest <destination>` or `log_dest file <path>`; the file form only once in the configuration. */
export function readLogDest(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const token = nextToken(line.text, line.restStart);
  if (!token) return missing(ctx, line, entry);
  entry.value = token;
  const values = entry.spec.values ?? [];
  if (token.text === 'file') {
    let start = token.end;
    while (start < line.text.length && (line.text[start] === ' ' || line.text[start] === '\t')) start++;
    if (start >= line.text.length) {
      ctx.report(
        'missing-value',
        line.line,
        entry.nameToken.start,
        line.text.length,
        '`log_dest file` needs a path; mosquitto stops with "Empty \\"log_dest file\\" value in configuration".',
      );
      return;
    }
    if (ctx.logDestFile) {
      ctx.reportToken('duplicate-option', line, token, '`log_dest file` is set twice: mosquitto stops. Keep one', {
        detail: `\`log_dest file\` is already set (line ${ctx.logDestFile.line + 1}); mosquitto stops with "Duplicate \\"log_dest file\\" value".`,
      });
      return;
    }
    ctx.logDestFile = entry;
    const path: Token = { text: line.text.slice(start), start, end: line.text.length };
    entry.value = path;
    inlineComment(ctx, line, entry, path);
    return;
  }
  if (!values.includes(token.text)) {
    ctx.reportToken(
      'invalid-enum-value',
      line,
      token,
      `\`${clip(token.text, 30)}\` is not a log destination: mosquitto stops`,
      {
        detail: `\`${clip(token.text)}\` is not a log destination (${values.map((v) => `\`${v}\``).join(', ')}); mosquitto stops with "Invalid log_dest value".`,
        ...enumFixes(line, token, values),
      },
    );
    return;
  }
  extraTokens(ctx, line, token, entry);
}

/** `persistent_client_expiration <n><h|d|w|m|y>`. */
export function readExpiration(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const token = nextToken(line.text, line.restStart);
  if (!token) return missing(ctx, line, entry);
  entry.value = token;
  const unit = token.text[token.text.length - 1] ?? '';
  if (atoi(token.text) <= 0 || !'hdwmy'.includes(unit)) {
    ctx.reportToken(
      'invalid-value',
      line,
      token,
      `\`${clip(token.text, 30)}\` is not a duration: mosquitto stops. Write e.g. \`14d\``,
      {
        detail: `\`${clip(token.text)}\` is not a duration: write a positive number followed by h, d, w, m (30 days) or y (365 days), e.g. \`14d\`. mosquitto stops with "Invalid persistent_client_expiration duration".`,
      },
    );
    return;
  }
  ctx.store(line, entry);
}

/** `tls_engine_kpass_sha1 <40 hex digits>`, once per file. */
export function readKpass(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const token = nextToken(line.text, line.restStart);
  if (!token) return missing(ctx, line, entry);
  entry.value = token;
  if (ctx.kpassSeen) {
    ctx.reportToken(
      'duplicate-option',
      line,
      entry.nameToken,
      '`tls_engine_kpass_sha1` twice in one file: mosquitto 2.0 stops. Keep one',
      {
        detail: `\`tls_engine_kpass_sha1\` is already used on line ${ctx.kpassSeen.line + 1} of this file; mosquitto (2.0) stops on the second one anywhere in a file.`,
      },
    );
    return;
  }
  ctx.kpassSeen = entry;
  if (!/^[0-9a-fA-F]{40}$/.test(token.text)) {
    ctx.reportToken(
      'invalid-value',
      line,
      token,
      'Not a SHA-1 of the key password (40 hexadecimal characters): mosquitto stops',
      {
        detail:
          'Expected the SHA-1 of the key password as 40 hexadecimal characters; mosquitto stops (printing only the line number).',
      },
    );
    return;
  }
  ctx.store(line, entry);
}

/** `plugin_opt_<key> <value>` (and `auth_opt_`): the raw rest of the line, trailing spaces included. */
export function readPluginOpt(ctx: ReadContext, line: OptionLine, entry: Entry): void {
  const prefix = entry.name.startsWith('auth_opt_') ? 'auth_opt_' : 'plugin_opt_';
  // conf.c measures the name alone against prefix + 3 (it meant the whole line), so 1- and 2-letter keys fail.
  // Without a plugin mosquitto has already stopped on the line (reported by the scope check).
  if (ctx.pluginOpen && entry.name.length < prefix.length + 3) {
    ctx.reportToken(
      'invalid-value',
      line,
      entry.nameToken,
      `Plugin option key \`${clip(entry.name.slice(prefix.length), 20)}\` is shorter than 3 characters: mosquitto 2.0 stops`,
      {
        detail: `mosquitto 2.0 refuses plugin option keys shorter than 3 characters (\`${clip(entry.name.slice(prefix.length))}\`) and stops with "Invalid auth_opt_ config option". Use a longer key if the plugin accepts one.`,
      },
    );
    return;
  }
  let start = line.restStart;
  while (start < line.text.length && (line.text[start] === ' ' || line.text[start] === '\t')) start++;
  if (start >= line.text.length) {
    const key = entry.name.replace(/^(plugin|auth)_opt_/, '');
    return missing(ctx, line, entry, key);
  }
  entry.value = { text: line.text.slice(start), start, end: line.text.length };
}
