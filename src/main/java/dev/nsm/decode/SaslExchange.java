package dev.nsm.decode;

import java.util.Locale;

/**
 * One SASL authentication as SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE carry it: the mechanism,
 * then base64 client responses (an optional initial one on the command line, the rest after server
 * continuations). Reads the user of PLAIN, LOGIN and CRAM-MD5; other mechanisms keep it unknown.
 * Passwords are never kept.
 */
final class SaslExchange {

  private final String mechanism;
  private final int maxUserChars;
  private int responses;
  private String user;

  /** From the arguments of the command: {@code MECHANISM [initial-response]}. */
  SaslExchange(String arguments, int maxUserChars) {
    this.mechanism = CommandWords.first(arguments).toUpperCase(Locale.ROOT);
    this.maxUserChars = maxUserChars;
    String initial = CommandWords.rest(arguments).trim();
    if (!initial.isEmpty() && !initial.equals("=")) {
      respond(initial);
    }
  }

  /** A client response line (base64). */
  void respond(String line) {
    responses++;
    switch (mechanism) {
      case "PLAIN" -> {
        if (user == null) {
          user = Credentials.saslPlainUser(line, maxUserChars);
        }
      }
      case "LOGIN" -> {
        if (responses == 1) {
          user = Credentials.user(Credentials.base64(line), maxUserChars);
        }
      }
      case "CRAM-MD5" -> {
        String decoded = Credentials.base64(line);
        if (decoded != null && decoded.lastIndexOf(' ') > 0) {
          user = Credentials.user(decoded.substring(0, decoded.lastIndexOf(' ')), maxUserChars);
        }
      }
      default -> {}
    }
  }

  /** The user named so far, or null. */
  String user() {
    return user;
  }
}
