package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;
import java.util.Locale;

/**
 * SMTP AUTH: {@code AUTH PLAIN} or {@code AUTH LOGIN} (the user from the base64 exchange when it is
 * there; other mechanisms count with an unknown user), answered 235 (success) or 535 (failure).
 */
final class SmtpAuthParser extends LineParser {

  private boolean authenticating;
  private String mechanism;
  private String user;
  /** The server sent 334: the client's next line is SASL data, not a command. */
  private boolean saslDataNext;

  private int loginStep;

  SmtpAuthParser(AuthExchange exchange, int maxLineBytes) {
    super(exchange, maxLineBytes);
  }

  @Override
  void onClientLine(String line) {
    if (saslDataNext) {
      saslDataNext = false;
      if (mechanism.equals("PLAIN") && user == null) {
        user = Credentials.saslPlainUser(line, exchange.maxUserChars());
      } else if (mechanism.equals("LOGIN") && loginStep++ == 0 && user == null) {
        user = Credentials.user(Credentials.base64(line), exchange.maxUserChars());
      }
      return;
    }
    String verb = Credentials.firstWord(line).toUpperCase(Locale.ROOT);
    if (!verb.equals("AUTH")) {
      return;
    }
    String arguments = Credentials.afterFirstWord(line);
    authenticating = true;
    mechanism = Credentials.firstWord(arguments).toUpperCase(Locale.ROOT);
    String initial = Credentials.afterFirstWord(arguments);
    user = null;
    loginStep = 0;
    if (!initial.isEmpty() && !initial.equals("=")) {
      if (mechanism.equals("PLAIN")) {
        user = Credentials.saslPlainUser(initial, exchange.maxUserChars());
      } else if (mechanism.equals("LOGIN")) {
        user = Credentials.user(Credentials.base64(initial), exchange.maxUserChars());
        loginStep = 1;
      }
    }
  }

  @Override
  void onServerLine(String line) {
    if (!authenticating || line.length() < 4 || line.charAt(3) != ' ') {
      return; // not in AUTH, or a continued multi-line reply
    }
    String code = line.substring(0, 3);
    switch (code) {
      case "334" -> saslDataNext = true;
      case "235" -> finish(AuthOutcome.SUCCESS);
      case "535" -> finish(AuthOutcome.FAILURE);
      default -> {
        if (code.startsWith("4") || code.startsWith("5")) {
          authenticating = false; // refused or cancelled before any password was judged
          saslDataNext = false;
        }
      }
    }
  }

  private void finish(AuthOutcome outcome) {
    exchange.attempt(user, outcome);
    authenticating = false;
    saslDataNext = false;
  }
}
