package dev.nsm.decode;

import java.util.Map;

/** The cleartext protocols whose authentication outcomes nsm reads from the wire. */
public enum CleartextService {
  FTP("ftp"),
  HTTP("http"),
  SMTP("smtp"),
  POP3("pop3"),
  IMAP("imap"),
  TELNET("telnet");

  /** The well-known server ports; a site running a service elsewhere passes its own map. */
  public static final Map<Integer, CleartextService> WELL_KNOWN_PORTS =
      Map.of(
          21, FTP, 80, HTTP, 8080, HTTP, 8000, HTTP, 25, SMTP, 587, SMTP, 110, POP3, 143, IMAP, 23,
          TELNET);

  private final String label;

  CleartextService(String label) {
    this.label = label;
  }

  /** The lower-case service name facts carry. */
  public String label() {
    return label;
  }

  ProtocolParser newParser(AuthExchange exchange, int maxLineBytes) {
    return switch (this) {
      case FTP -> new FtpParser(exchange, maxLineBytes);
      case HTTP -> new HttpBasicParser(exchange, maxLineBytes);
      case SMTP -> new SmtpAuthParser(exchange, maxLineBytes);
      case POP3 -> new Pop3Parser(exchange, maxLineBytes);
      case IMAP -> new ImapParser(exchange, maxLineBytes);
      case TELNET -> new TelnetParser(exchange);
    };
  }
}
