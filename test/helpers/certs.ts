/**
 * TLS certificates for the broker tests, made with openssl in a temporary folder: a CA, and server
 * certificates signed by it that are valid for 127.0.0.1, expired, or issued for another host name.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificates {
  dir: string;
  ca: string;
  /** Server certificate and key pairs, by name. */
  servers: Record<'valid' | 'expired' | 'wrongHost', { cert: string; key: string }>;
  /** A client certificate signed by the CA, its key in the clear and encrypted with `passphrase`. */
  client: { cert: string; key: string; encryptedKey: string; passphrase: string };
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'mqttwb-certs-'));
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=MQTT Workbench test CA',
    ],
    dir,
  );
  // `openssl ca` can back-date a certificate (OpenSSL 3.0's x509 cannot), so all are signed through it.
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', 'index.txt'), '');
  writeFileSync(join(dir, 'db', 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      'database = $dir/db/index.txt',
      'serial = $dir/db/serial',
      'new_certs_dir = $dir/db',
      'certificate = $dir/ca.crt',
      'private_key = $dir/ca.key',
      'default_md = sha256',
      'policy = anything',
      'unique_subject = no',
      'copy_extensions = copy',
      '[anything]',
      'commonName = supplied',
    ].join('\n'),
  );
  const server = (name: string, san: string, dates: string[]) => {
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${name}`,
        '-addext',
        `subjectAltName=${san}`,
      ],
      dir,
    );
    openssl(
      ['ca', '-batch', '-config', 'ca.cnf', '-notext', '-in', `${name}.csr`, '-out', `${name}.crt`, ...dates],
      dir,
    );
    return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  };
  const servers = {
    valid: server('valid', 'IP:127.0.0.1,DNS:localhost', ['-days', '2']),
    expired: server('expired', 'IP:127.0.0.1,DNS:localhost', [
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200102000000Z',
    ]),
    wrongHost: server('wronghost', 'DNS:broker.example.invalid', ['-days', '2']),
  };
  const plain = server('client', 'DNS:client', ['-days', '2']);
  const passphrase = 'correct horse battery';
  openssl(
    [
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      plain.key,
      '-out',
      'client-encrypted.key',
      '-passout',
      `pass:${passphrase}`,
    ],
    dir,
  );
  const client = { ...plain, encryptedKey: join(dir, 'client-encrypted.key'), passphrase };
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    servers,
    client,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
