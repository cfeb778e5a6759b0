/** Hovers: option documentation on names, meaning on values. */
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import type { AnalysisSettings, MosquittoVersion } from '../types';
import { lexLine, splitLines, type Token, tokensFrom } from './lexer';
import { optionMarkdown } from './optionDocs';
import type { VersionTag } from './optionTypes';
import { findOption, REMOVED_OPTIONS } from './options';
import { isAvailable } from './optionVersions';
import { isLoopback } from './rules/network';
import { BOOL_VALUES } from './values';
import { inlineCode } from '../text';

const within = (token: Token, character: number) => character >= token.start && character <= token.end;

/** Markdown for a hover at `position`, or null where there is nothing to say. */
export function computeConfHover(text: string, position: Position, settings: AnalysisSettings): Hover | null {
  const raw = splitLines(text)[position.line];
  if (raw === undefined) return null;
  const line = lexLine(raw, position.line);
  if (line.kind !== 'option' || !line.name) return null;
  const name = line.name;
  const spec = findOption(name.text);
  const range = (t: Token) => ({
    start: { line: position.line, character: t.start },
    end: { line: position.line, character: t.end },
  });
  const markdown = (value: string, t: Token): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: range(t),
  });

  if (within(name, position.character)) {
    if (!spec) {
      const removed = Object.hasOwn(REMOVED_OPTIONS, name.text) ? REMOVED_OPTIONS[name.text] : undefined;
      return removed !== undefined
        ? markdown(`**\`${name.text}\`** was removed in mosquitto 2.0. ${removed}`, name)
        : null;
    }
    let doc = optionMarkdown(spec, name.text);
    if (spec.since !== undefined && !isAvailable(spec, settings.mosquittoVersion))
      doc = `${versionNote(spec.since, settings.mosquittoVersion)}\n\n${doc}`;
    return markdown(doc, name);
  }
  if (!spec) return null;
  const tokens = tokensFrom(line.text, line.restStart ?? line.text.length);
  const token = tokens.find((t) => within(t, position.character));
  if (!token) return null;
  const index = tokens.indexOf(token);

  if (spec.name === 'listener' && index === 1) return markdown(addressDoc(token.text), token);
  if (spec.name === 'listener' && index === 0)
    return markdown(
      `**Port ${/^\d+$/.test(token.text) ? token.text : inlineCode(token.text)}**${portNote(token.text)}`,
      token,
    );
  if (index === 0 && spec.valueDocs && Object.hasOwn(spec.valueDocs, token.text))
    return markdown(`**\`${token.text}\`**: ${spec.valueDocs[token.text]}`, token);
  if (index === 0 && spec.kind === 'bool') {
    return markdown(
      BOOL_VALUES.includes(token.text)
        ? `${inlineCode(token.text)} = ${token.text === 'true' || token.text === '1' ? 'on' : 'off'}. mosquitto accepts exactly \`true\`, \`false\`, \`1\`, \`0\`.`
        : `${inlineCode(token.text)} is not a boolean mosquitto accepts: only \`true\`, \`false\`, \`1\`, \`0\`.`,
      token,
    );
  }
  return null;
}

/** The setting '2.0' is spelled out as a range: a 2.0.21 option is missing from it although 2.0.21 is a 2.0. */
function versionNote(since: VersionTag, version: MosquittoVersion): string {
  const selected = version === '2.0' ? '2.0 (2.0.0–2.0.20)' : version;
  return `*Needs mosquitto ${since} or newer; the selected version is ${selected}.*`;
}

function addressDoc(address: string): string {
  if (address === '0.0.0.0')
    return '**`0.0.0.0`**: every IPv4 interface. Other machines can connect; IPv6 clients cannot (use no address for both families). For a broker only this machine uses, bind `127.0.0.1`.';
  if (address === '::')
    return '**`::`**: every IPv6 interface (mosquitto sets IPV6_V6ONLY, so IPv4 clients cannot connect).';
  if (isLoopback(address))
    return `**${inlineCode(address)}**: loopback only. Only clients on this machine (or in this container) can connect.`;
  if (address.startsWith('#'))
    return 'mosquitto stops reading `listener` at a token starting with `#`: this is ignored.';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address) || address.includes(':'))
    return `**${inlineCode(address)}**: only this interface's address. Clients reaching this machine on it can connect.`;
  return `**${inlineCode(address)}**: a host name, resolved when mosquitto starts (an unresolvable name stops it). Or, when the port is 0, a Unix socket path.`;
}

function portNote(port: string): string {
  const notes: Record<string, string> = {
    '1883': ': the standard MQTT port (unencrypted).',
    '8883': ': the standard MQTT-over-TLS port; this listener needs `certfile` and `keyfile`.',
    '8080': ': commonly used for MQTT over websockets (`protocol websockets`).',
    '9001': ': commonly used for MQTT over websockets (`protocol websockets`).',
    '0': ': a Unix socket listener; the second argument is the socket path.',
  };
  return (Object.hasOwn(notes, port) ? notes[port] : undefined) ?? '.';
}
