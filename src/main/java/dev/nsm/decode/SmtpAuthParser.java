package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;
import java.util.Locale;

/**
 * SMTP AUTH: {@code AUTH PLAIN}, {@code AUTH LOGIN} or another SASL mechanism (the user from the
 * base64 exchange when it is readable), answered 235 (success) or 535 (failure).
 */
final class SmtpAuthParser extends LineParser {

  private SaslExchange sasl;

  /** The server sent 334: the client's next line is SASL data, not a command. */
  private boolean saslDataNext;

  SmtpAuthParser(AuthExchange exchange, int maxLineBytes) {
    super(exchange, maxLineBytes);
  }

  @Override
  void onClientLine(String line) {
    if (saslDataNext) {
      saslDataNext = false;
      sasl.respond(line);
      return;
    }
    if (CommandWords.first(line).toUpperCase(Locale.ROOT).equals("AUTH")) {
      sasl = new SaslExchange(CommandWords.rest(line), exchange.maxUserChars());
    }
  }

  @Override
  void onServerLine(String line) {
    if (sasl == null || line.length() < 4 || line.charAt(3) != ' ') {
      return; // not in AUTH, or a continued multi-line reply
    }
    String code = line.substring(0, 3);
    switch (code) {
      case "334" -> saslDataNext = true;
      case "235" -> finish(AuthOutcome.SUCCESS);
      case "535" -> finish(AuthOutcome.FAILURE);
      default -> {
        if (code.startsWith("4") || code.startsWith("5")) {
          sasl = null; // refused or cancelled before any password was judged
          saslDataNext = false;
        }
      }
    }
  }

  private void finish(AuthOutcome outcome) {
    exchange.attempt(sasl.user(), outcome);
    sasl = null;
    saslDataNext = false;
  }
}
