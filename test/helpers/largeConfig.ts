/** A realistic large config: listeners with TLS and security, bridges with topics, comments, some mistakes. */
export function largeConfig(lines: number): string {
  const out: string[] = [
    '# generated benchmark config',
    'per_listener_settings true',
    'persistence true',
    'persistence_location /var/lib/mosquitto/',
    'log_dest stdout',
    'log_type all',
  ];
  let port = 2000;
  let bridge = 0;
  while (out.length < lines) {
    out.push(
      '',
      `# listener ${port}`,
      `listener ${port} 127.0.0.1`,
      'max_connections 100',
      'allow_anonymous false',
      `password_file /etc/mosquitto/passwd${port}`,
      `acl_file /etc/mosquitto/acl${port}`,
      `certfile /etc/mosquitto/c${port}.pem`,
      `keyfile /etc/mosquitto/k${port}.pem`,
      'require_certificate false',
      'max_qos 2',
    );
    port++;
    if (port % 5 === 0) {
      out.push(
        `connection bridge${bridge++}`,
        `address 10.0.${bridge % 250}.1:8883`,
        'topic sensors/# out 1',
        'topic commands/# in 2 local/ remote/',
        'remote_username bridge',
        'bridge_cafile /etc/ca.pem',
        'cleansession false',
        'max_queued_mesages 100',
      );
    }
  }
  return out.slice(0, lines).join('\n') + '\n';
}
