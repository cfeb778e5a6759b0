/**
 * mosquitto ACL files (acl_file), read the way mosquitto 2.0 reads them: `user <name>` starts a user's
 * rules, `topic [read|write|readwrite|deny] <filter>` and `pattern ... <filter with %c/%u>` add rules;
 * anything else stops the broker. Pure: text in, pipeline problems out.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { type Area, type CodeInfo, type PipelineSettings, type Problem, toDiagnostics } from '../diagnostics';
import { hashSuppressions } from '../suppress';
import { checkTopic, filterCovers } from '../../../common/src/topics';
import { lexConfig, nextToken, restTrimmed, type Token } from '../conf/lexer';
import { defaultSettings } from '../types';
import { clip } from '../text';

export const ACL_CODES = {
  'acl-unknown-keyword': {
    severity: 'error',
    summary: 'A line that is not `topic`, `pattern`, `user` or a column-1 comment: mosquitto refuses the file.',
  },
  'acl-bad-access': { severity: 'error', summary: 'An access type other than read, write, readwrite or deny.' },
  'acl-empty-topic': { severity: 'error', summary: '`topic` or `pattern` without a topic.' },
  'acl-missing-username': { severity: 'error', summary: '`user` without a name.' },
  'acl-invalid-filter': {
    severity: 'error',
    summary: 'A topic filter that breaks the MQTT rules (`#` not last, `+` not a whole level).',
  },
  'acl-topic-problem': {
    severity: 'warning',
    summary: 'A legal but suspicious filter (leading `/`, empty level, ...).',
  },
  'acl-access-word-as-topic': {
    severity: 'warning',
    summary: '`topic read` with no filter: the rule is for a topic literally named `read`.',
  },
  'acl-pattern-without-substitution': {
    severity: 'warning',
    summary: 'A `pattern` without `%c` or `%u`: it applies to every client alike.',
  },
  'acl-anonymous-rule': {
    severity: 'information',
    summary: 'A `topic` rule before any `user` line: it applies to anonymous clients.',
  },
  'acl-duplicate-rule': { severity: 'warning', summary: 'The same rule twice for the same user.' },
  'acl-shadowed-rule': {
    severity: 'information',
    summary: 'A rule already covered by a broader rule of the same user.',
  },
} as const satisfies Record<string, CodeInfo>;

export type AclCode = keyof typeof ACL_CODES;

/** ACL files in the diagnostics pipeline. */
export const ACL_AREA: Area = { codes: ACL_CODES };

const ACCESS = new Set(['read', 'write', 'readwrite', 'deny']);

export interface AclRule {
  kind: 'topic' | 'pattern';
  /** The user whose rules this belongs to; undefined for anonymous clients (before any `user`). */
  user?: string;
  access: 'read' | 'write' | 'readwrite' | 'deny';
  filter: string;
  line: number;
  filterToken: Token;
}

export interface AclAnalysis {
  problems: Problem<AclCode>[];
  rules: AclRule[];
}

/** Read an ACL file: its rules, and the problems mosquitto would stop at or that hide a trap. */
export function analyseAcl(text: string): AclAnalysis {
  const problems: Problem<AclCode>[] = [];
  const rules: AclRule[] = [];
  const add = (code: AclCode, line: number, start: number, end: number, message: string, detail?: string) => {
    const range = { start: { line, character: start }, end: { line, character: end } };
    problems.push({ code, range, message, ...(detail ? { detail } : {}) });
  };
  let user: string | undefined;
  for (const line of lexConfig(text)) {
    if (line.kind !== 'option' || !line.name) continue;
    const keyword = line.name;
    if (keyword.text === 'user') {
      const name = restTrimmed(line.text, line.restStart!);
      if (!name) {
        add(
          'acl-missing-username',
          line.line,
          keyword.start,
          keyword.end,
          '`user` needs a user name; mosquitto stops with "Missing username in acl_file".',
        );
        continue;
      }
      user = name.text;
      continue;
    }
    if (keyword.text !== 'topic' && keyword.text !== 'pattern') {
      const hint = keyword.text.startsWith('#')
        ? ' Only a `#` in the first column starts a comment.'
        : keyword.text.includes('\t')
          ? ' Separate words with spaces, not TABs.'
          : '';
      add(
        'acl-unknown-keyword',
        line.line,
        keyword.start,
        keyword.end,
        'Not `topic`, `pattern` or `user`: mosquitto refuses the file',
        `mosquitto expects \`topic\`, \`pattern\` or \`user\` and refuses the file ("Invalid line in acl_file").${hint}`,
      );
      continue;
    }
    const accessToken = nextToken(line.text, line.restStart!);
    if (!accessToken) {
      add(
        'acl-empty-topic',
        line.line,
        keyword.start,
        keyword.end,
        `\`${keyword.text}\` needs a topic; mosquitto stops with "Empty topic in acl_file".`,
      );
      continue;
    }
    let access: AclRule['access'] = 'readwrite';
    let filterToken = restTrimmed(line.text, accessToken.end);
    if (!filterToken) {
      // One word: mosquitto takes it as the topic, with read and write access.
      filterToken = accessToken;
      if (ACCESS.has(accessToken.text)) {
        add(
          'acl-access-word-as-topic',
          line.line,
          accessToken.start,
          accessToken.end,
          `\`${accessToken.text}\` alone is read as a topic name, not an access type: add the topic`,
          `With one word, mosquitto reads \`${accessToken.text}\` as the topic (read and write access to a topic named "${accessToken.text}"). Add the topic after the access type.`,
        );
      }
    } else if (!ACCESS.has(accessToken.text)) {
      add(
        'acl-bad-access',
        line.line,
        accessToken.start,
        accessToken.end,
        `\`${clip(accessToken.text, 30)}\` is not read, write, readwrite or deny: mosquitto stops`,
        `\`${clip(accessToken.text)}\` is not an access type (read, write, readwrite, deny); mosquitto stops with "Invalid topic access type".`,
      );
      continue;
    } else {
      access = accessToken.text as AclRule['access'];
    }
    const filter = filterToken.text;
    const problems = checkTopic(filter, 'filter');
    const invalid = problems.find((p) => p.invalid);
    if (invalid) {
      add(
        'acl-invalid-filter',
        line.line,
        filterToken.start + invalid.start,
        filterToken.start + Math.max(invalid.end, invalid.start + 1),
        invalid.message,
        `${invalid.message} mosquitto stops with "Invalid ACL topic".`,
      );
      continue;
    }
    for (const p of problems)
      add(
        'acl-topic-problem',
        line.line,
        filterToken.start + p.start,
        filterToken.start + Math.max(p.end, p.start + 1),
        p.message,
      );
    if (keyword.text === 'pattern' && !/%[cu]/.test(filter)) {
      add(
        'acl-pattern-without-substitution',
        line.line,
        filterToken.start,
        filterToken.end,
        'A `pattern` without `%u` or `%c` gives every client the same access: add one, or use `topic`',
        'A `pattern` without `%c` (client id) or `%u` (username) gives every client the same access: write it as a `topic` rule under the right `user`, or add `%u`/`%c` so each client only gets its own topics.',
      );
    }
    if (keyword.text === 'topic' && user === undefined) {
      add(
        'acl-anonymous-rule',
        line.line,
        keyword.start,
        keyword.end,
        'A `topic` rule before any `user` line applies to anonymous clients only, not to everyone',
        'This `topic` rule comes before any `user` line, so it applies to anonymous clients (those that connect without a username), not to everyone.',
      );
    }
    const rule: AclRule = {
      kind: keyword.text,
      access,
      filter,
      line: line.line,
      filterToken,
      ...(user !== undefined ? { user } : {}),
    };
    const same = rules.find(
      (r) => r.user === rule.user && r.kind === rule.kind && r.access === rule.access && r.filter === rule.filter,
    );
    if (same) {
      add(
        'acl-duplicate-rule',
        line.line,
        filterToken.start,
        filterToken.end,
        `The same rule is already on line ${same.line + 1}.`,
      );
    } else {
      const broader = rules.find(
        (r) =>
          r.user === rule.user &&
          r.kind === rule.kind &&
          r.access !== 'deny' &&
          rule.access !== 'deny' &&
          (r.access === rule.access || r.access === 'readwrite') &&
          filterCovers(r.filter, rule.filter),
      );
      if (broader)
        add(
          'acl-shadowed-rule',
          line.line,
          filterToken.start,
          filterToken.end,
          `Already allowed by \`${broader.kind} ${broader.access} ${clip(broader.filter)}\` on line ${broader.line + 1}.`,
        );
    }
    rules.push(rule);
  }
  return { problems, rules };
}

/** Diagnostics for an ACL file. */
export function validateAcl(text: string, settings: PipelineSettings = defaultSettings): Diagnostic[] {
  return toDiagnostics(analyseAcl(text).problems, ACL_AREA, settings, hashSuppressions(text));
}
