/**
 * The longer half of each code's documentation page (docs/codes/<code>.md, written by scripts/docs.mjs):
 * why the finding matters and what to do. Codes without an entry get their one-line summary only. Text
 * only: nothing here is read at run time.
 */
export const CODE_DOCS: Readonly<Record<string, string>> = {
  'unknown-option': `mosquitto 2.0 stops at the first line it does not know ("Unknown configuration variable"), so a
typo keeps the whole broker from starting. The quick fix offers the closest option name the selected mosquitto
version accepts (\`mqttWorkbench.mosquitto.version\`).`,
  'removed-option': `mosquitto 2.0 removed the 1.x options it no longer needed and rejects them like unknown ones: a config
carried over from 1.x stops the broker. Remove the line; the hover says what replaced it, if anything.`,
  'anonymous-on-public-listener': `A listener that other hosts can reach, with \`allow_anonymous true\`, lets anyone
connect without a password and read or publish every topic the ACL allows. Internet-wide scans find open MQTT
brokers within hours. Require a \`password_file\` (or a certificate or auth plugin) on every listener that is not
bound to 127.0.0.1, or bind the listener to 127.0.0.1. If the broker is open on purpose (a demo, a closed lab
network), say so with \`# mqtt-lint-disable-next-line anonymous-on-public-listener\` above the line.`,
  'plaintext-credentials': `Usernames and passwords travel in the MQTT CONNECT packet. On a listener without TLS that
other hosts can reach, anyone on the path (the Wi-Fi, the ISP, a compromised router) reads them. Add \`certfile\` and
\`keyfile\` (usually on port 8883) and have clients connect with \`mqtts://\`, or bind the plain listener to
127.0.0.1 behind a TLS-terminating proxy.`,
  'persistence-off': `Without \`persistence true\`, mosquitto keeps retained messages, persistent sessions and their
queued messages in memory only: a restart (an update, a crash, a power cut) loses them, and every subscriber then
waits for the next publish to learn the current state. Harmless for a broker whose clients use neither retained
messages nor persistent sessions.`,
  'missing-file': `mosquitto opens \`password_file\`, \`acl_file\`, certificates and keys at startup, after dropping
privileges, and stops if one is missing. mosquitto resolves a relative path against its working directory, not
the config's folder; the analysis does not know where the broker runs, so it looks in the config's folder and in
every workspace folder above it. Set \`mqttWorkbench.mosquitto.workingDirectory\` when the broker runs elsewhere.
A missing absolute path outside the workspace is not reported: it is most often a path inside a container.`,
  'listener-all-interfaces': `A listener without a bind address accepts connections from every network the machine is
on. For a broker only local programs use, \`listener 1883 127.0.0.1\` keeps it off the network. Note that
\`0.0.0.0\` means every IPv4 interface only: IPv6 clients cannot connect.`,
  'no-listener': `Since 2.0, a config without any \`listener\` line makes mosquitto start in local-only mode: it accepts
clients on 127.0.0.1 and ::1 only. Remote devices then fail to connect with no hint in the config. Add
\`listener 1883\` (with authentication) to accept remote clients.`,
  'no-acl': `With a \`password_file\` but no \`acl_file\` or plugin, every client that logs in may read and write every
topic: one leaked device password gives access to all traffic and every actuator. An \`acl_file\` grants each user
only its own topics (\`pattern readwrite devices/%u/#\`).`,
  'unbounded-queue': `\`max_queued_messages 0\` removes the per-client queue limit: a persistent session whose client never
returns, or one slow subscriber, makes mosquitto queue messages until it runs out of memory. Keep a limit, or set
\`max_queued_bytes\`.`,
  'no-queue-byte-limit': `Queues are limited in count (\`max_queued_messages\`, 1000 by default) but not in size: with large
payloads, an abandoned persistent session holds gigabytes. \`max_queued_bytes\` bounds each queue's size.`,
  'sessions-never-expire': `A persistent session (clean session false) outlives its client: its subscriptions and queued
messages stay on the broker until the client returns, forever by default. \`persistent_client_expiration 14d\`
removes sessions of clients that have not connected for two weeks.`,
  'implicit-default-listener': `An option that configures a listener, written before the first \`listener\` line and set to
something other than its default, makes mosquitto create an extra listener on port 1883 on all interfaces, with
settings you probably meant for another listener. Move the line below the \`listener\` it belongs to.`,
  'deprecated-option': `mosquitto still accepts the option but has a replacement, and a future version may drop it. Shown
struck through; the quick fix changes it (keep the old name if the config must also work with mosquitto 1.x).`,
  'leading-slash': `\`/home/temp\` has an empty first level: it is a different topic from \`home/temp\`, and \`home/#\`
does not match it. Mixed spellings are a classic reason why a subscriber "receives nothing". Drop the leading
slash everywhere.`,
  'wildcard-in-topic-name': `\`+\` and \`#\` are wildcards in subscriptions only. A publish to \`home/+/temp\` is a protocol
error: brokers close the connection (MQTT 3.1.1) or reject the message (MQTT 5), and most client libraries throw.
Publish to one concrete topic.`,
  'subscribe-all': `A \`#\` subscription receives every message on the broker: the client must keep up with all traffic,
and a compromised client sees everything. Fine for debugging and monitoring tools; in application code, subscribe
to the topics you handle.`,
  'qos2-cost': `QoS 2 delivers exactly once through a four-packet handshake and per-message state on client and broker.
Most applications do better with QoS 1 and handlers that tolerate a duplicate.`,
  'duplicate-client-id': `The broker allows one connection per client id: when a second client connects with the same id,
it disconnects the first. With automatic reconnect the two take turns forever, each losing messages. Give each
client (each program, each device) its own id. Reusing an id after the first client has ended, to resume its
session, is how persistent sessions work and is not reported.`,
  'persistent-session-without-client-id': `A persistent session (clean session false) is found again by its client id. A
random id on each start creates a new session every time: the old ones, with their queued messages, stay on the
broker and the new client never sees them. Set a fixed client id.`,
  'tls-verification-off': `Switching off certificate or host-name verification means the client accepts any certificate:
anyone on the path can pose as the broker and read the traffic, passwords included. Give the client the broker's CA
(\`ca\`, \`tls_set(ca_certs=...)\`) instead. Switching it off behind an explicit opt-in (\`if args.insecure:\`) is
not reported.`,
  'plaintext-credentials-in-code': `The client sends its username and password over \`mqtt://\` (no TLS) to another host:
anyone on the path reads them. Use \`mqtts://\` (port 8883) or \`wss://\`.`,
  'keepalive-zero': `Keepalive 0 turns MQTT's dead-connection detection off: after a pulled cable or a NAT timeout
neither side notices, the client silently stops receiving, and its will message never fires. About 60 s is a good
default.`,
  'no-reconnect': `With automatic reconnection off, the first network blip leaves the client offline until the process
restarts. Keep the library's reconnect on unless your code reconnects itself.`,
  'unmatched-publish': `No subscription in the workspace matches this topic: a typo on one side, or a consumer that lives
in another repository. The hover lists the nearest topics that are subscribed to.`,
  'unmatched-subscription': `Nothing in the workspace publishes to a topic this filter matches: a typo, or a producer in
another repository.`,
  'similar-topic': `MQTT topics are exact: \`livingroom\` and \`living_room\`, or \`Home\` and \`home\`, never meet. Pick one
spelling.`,
  'qos-downgrade': `A message is delivered at the lower of the publish QoS and the subscription QoS: publishing at QoS 2
to a QoS 0 subscriber gives at-most-once delivery. Raise the subscription's QoS if it needs the guarantee.`,
};
