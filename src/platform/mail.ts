import type { Transporter } from 'nodemailer';
import type { Config } from './config.ts';

/** One message, already written: plain text plus an HTML part whose text the caller escaped. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Shown as the sender's name when MAIL_FROM is a bare address (e.g. the country's name). */
  fromName?: string;
  /** Stable across retries, so a mail client shows a message sent twice once. */
  messageId?: string;
}

/** Sends mail through the SMTP server named by SMTP_URL; a failure throws, so a job can retry it. */
export interface MailSender {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Null when SMTP_URL is not set. Creating it opens no connection, so a down server never slows the
 * start; nodemailer itself is imported on the first mail sent.
 */
export function mailSender(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): MailSender | null {
  const { smtpUrl } = config;
  if (!smtpUrl) return null;
  let transport: Transporter | undefined;
  let creating: Promise<Transporter> | undefined;
  // Without these timeouts a server that accepts the connection and then says nothing holds a job for
  // minutes; the URL's own query (?socketTimeout=…) still wins.
  const transporter = () => creating ??= import('nodemailer').then(({ createTransport }) =>
    transport = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }));
  const bare = !config.mailFrom.includes('<');
  return {
    async send(mail) {
      await (await transporter()).sendMail({
        from: bare && mail.fromName ? { name: mail.fromName, address: config.mailFrom } : config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      });
    },
    close: () => transport?.close(),
  };
}
