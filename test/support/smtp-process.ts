// A real SMTP server, run by test/support/smtp.ts as a process of its own (plain Node, type
// stripping only). Each message it accepts is parsed and written as one JSON file to the folder
// named by argv[2]; it listens on 127.0.0.1 at the port in argv[3] (0: any free one), says
// {"port":N} on stdout once listening, and exits when its parent closes stdin.
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';

const [dir = '', wantedPort = '0'] = process.argv.slice(2);
let received = 0;

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address ?? ''));

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream).then((mail) => {
      const message = {
        envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null, to: session.envelope.rcptTo.map((r) => r.address) },
        from: mail.from?.text ?? null,
        to: addresses(mail.to),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        html: typeof mail.html === 'string' ? mail.html : '',
        messageId: mail.messageId ?? null,
      };
      received++;
      const file = path.join(dir, `${String(received).padStart(6, '0')}.json`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(message));
      fs.renameSync(`${file}.tmp`, file);
      callback();
    }, (err: Error) => callback(err));
  },
});

server.listen(Number(wantedPort), '127.0.0.1', () => {
  const address = server.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
server.on('error', (err) => {
  process.stderr.write(`smtp test server: ${err.message}\n`);
  process.exit(1);
});
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
