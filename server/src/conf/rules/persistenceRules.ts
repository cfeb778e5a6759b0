/** Rules about what survives a restart and what can grow without bound. */
import { atoi, parseBool } from '../values';
import { appendLines, type ConfRule, onEntry, onFile } from './rule';

const LOCATION = '/var/lib/mosquitto/';

export const persistenceOff: ConfRule = (model) => {
  const persistence = model.globals.get('persistence');
  const hasLocation = model.globals.has('persistence_location');
  const why =
    'retained messages, persistent sessions (clean session false) and their queued messages are kept in memory only and lost when mosquitto restarts';
  if (!persistence) {
    const lines = ['persistence true', ...(hasLocation ? [] : [`persistence_location ${LOCATION}`])];
    return [
      onFile(
        'persistence-off',
        {
          message: 'Persistence is off (default): retained messages and sessions vanish on restart',
          detail: `\`persistence\` is not set (default false): ${why}. Harmless for a broker whose clients use neither retained messages nor persistent sessions.`,
        },
        [{ title: 'Turn persistence on', edits: [appendLines(model, lines)] }],
      ),
    ];
  }
  const value = persistence.value;
  if (!value || parseBool(value.text) !== false) return [];
  const edits = [{ line: persistence.line, start: value.start, end: value.end, newText: 'true' }];
  if (!hasLocation)
    edits.push({ line: persistence.line + 1, start: 0, end: 0, newText: `persistence_location ${LOCATION}\n` });
  return [
    onEntry(
      'persistence-off',
      persistence,
      {
        message: 'Persistence is off: retained messages and sessions vanish on restart',
        detail: `Persistence is off: ${why}.`,
      },
      value,
      [{ title: 'Turn persistence on', edits }],
    ),
  ];
};

export const unboundedQueue: ConfRule = (model) => {
  const messages = model.globals.get('max_queued_messages');
  if (!messages?.value || atoi(messages.value.text) > 0) return [];
  const bytes = model.globals.get('max_queued_bytes');
  if (bytes?.value && atoi(bytes.value.text) > 0) return [];
  return [
    onEntry(
      'unbounded-queue',
      messages,
      {
        message: 'Queues grow without limit: one stuck client can fill memory. Set a limit',
        detail:
          "With `max_queued_messages 0` (and no `max_queued_bytes`) mosquitto queues without limit for every offline persistent session and slow subscriber: one stuck client can exhaust the broker's memory. Keep a limit (the default is 1000) or set `max_queued_bytes`.",
      },
      messages.value,
    ),
  ];
};

export const noQueueByteLimit: ConfRule = (model) => {
  const persistence = model.globals.get('persistence');
  if (!persistence?.value || parseBool(persistence.value.text) !== true) return [];
  const bytes = model.globals.get('max_queued_bytes');
  const messages = model.globals.get('max_queued_messages');
  if ((bytes?.value && atoi(bytes.value.text) > 0) || (messages?.value && atoi(messages.value.text) <= 0)) return [];
  if (model.globals.has('max_packet_size') || model.globals.has('message_size_limit')) return [];
  return [
    onEntry(
      'no-queue-byte-limit',
      persistence,
      {
        message: 'Offline queues have no size limit: set `max_queued_bytes`',
        detail:
          'Persistent sessions queue up to `max_queued_messages` (1000) messages each while offline, but nothing limits their size: with no `max_queued_bytes` or `max_packet_size`, a message may be 256 MB, so one abandoned session can hold gigabytes. Set `max_queued_bytes`.',
      },
      persistence.nameToken,
      [
        {
          title: 'Limit queues to 10 MB per client',
          edits: [{ line: persistence.line + 1, start: 0, end: 0, newText: 'max_queued_bytes 10485760\n' }],
        },
      ],
    ),
  ];
};

export const sessionsNeverExpire: ConfRule = (model) => {
  const persistence = model.globals.get('persistence');
  if (!persistence?.value || parseBool(persistence.value.text) !== true) return [];
  if (model.globals.has('persistent_client_expiration')) return [];
  return [
    onEntry(
      'sessions-never-expire',
      persistence,
      {
        message: 'Abandoned sessions are kept forever: set `persistent_client_expiration`',
        detail:
          'Persistent sessions (clean session false) of clients that never come back are kept, with their queued messages, forever. Consider `persistent_client_expiration 14d`.',
      },
      persistence.nameToken,
      [
        {
          title: 'Expire abandoned sessions after 14 days',
          edits: [{ line: persistence.line + 1, start: 0, end: 0, newText: 'persistent_client_expiration 14d\n' }],
        },
      ],
    ),
  ];
};

export const sysDisabled: ConfRule = (model) => {
  const entry = model.globals.get('sys_interval');
  if (!entry?.value || atoi(entry.value.text) !== 0) return [];
  return [
    onEntry(
      'sys-disabled',
      entry,
      {
        message: '`sys_interval 0` turns off the $SYS status topics monitoring tools read',
        detail:
          '`sys_interval 0` turns off the $SYS topics: monitoring tools (and the MQTT Workbench broker status view) see no client counts, load or uptime.',
      },
      entry.value,
    ),
  ];
};
