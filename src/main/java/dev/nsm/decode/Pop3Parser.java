package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Set;

/**
 * POP3: {@code USER}/{@code PASS}, {@code APOP} or SASL {@code AUTH} answered {@code +OK} (success)
 * or {@code -ERR} (failure). Replies are matched to commands in order; multi-line replies (RETR,
 * LIST, ...) are read to their terminating dot so message text is never taken for a status.
 */
final class Pop3Parser extends LineParser {

  private static final Set<String> MULTI_LINE = Set.of("RETR", "TOP", "CAPA");

  private record Command(String verb, boolean multiLineAnswer, String user, SaslExchange sasl) {}

  private final ArrayDeque<Command> awaitingReply = new ArrayDeque<>();
  private String user;
  private boolean greeted;
  private boolean inMultiLine;

  /** The AUTH in progress, and whether the server's "+" asked for its next response. */
  private SaslExchange sasl;

  private boolean saslDataNext;

  Pop3Parser(AuthExchange exchange, int maxLineBytes) {
    super(exchange, maxLineBytes);
  }

  @Override
  void onClientLine(String line) {
    if (saslDataNext) {
      saslDataNext = false;
      sasl.respond(line);
      return;
    }
    String verb = CommandWords.first(line).toUpperCase(Locale.ROOT);
    String argument = CommandWords.rest(line);
    String attemptUser = null;
    switch (verb) {
      case "USER" -> user = Credentials.user(argument, exchange.maxUserChars());
      case "PASS" -> attemptUser = user;
      case "APOP" -> {
        int space = argument.lastIndexOf(' ');
        attemptUser =
            Credentials.user(
                space < 0 ? argument : argument.substring(0, space), exchange.maxUserChars());
      }
      case "AUTH" ->
          sasl = argument.isBlank() ? null : new SaslExchange(argument, exchange.maxUserChars());
      default -> {}
    }
    boolean multiLine =
        MULTI_LINE.contains(verb)
            || ((verb.equals("LIST") || verb.equals("UIDL") || verb.equals("AUTH"))
                && argument.isBlank());
    if (awaitingReply.size() < MAX_PENDING) {
      awaitingReply.add(
          new Command(verb, multiLine, attemptUser, verb.equals("AUTH") ? sasl : null));
    }
  }

  @Override
  void onServerLine(String line) {
    if (inMultiLine) {
      inMultiLine = !line.equals(".");
      return;
    }
    if ((line.equals("+") || line.startsWith("+ ")) && sasl != null) {
      saslDataNext = true; // continuation: the client's next line is a SASL response
      return;
    }
    boolean ok = line.startsWith("+OK");
    if (!ok && !line.startsWith("-ERR")) {
      return;
    }
    if (!greeted) {
      greeted = true;
      return;
    }
    Command command = awaitingReply.poll();
    if (command == null) {
      return;
    }
    inMultiLine = ok && command.multiLineAnswer();
    AuthOutcome outcome = ok ? AuthOutcome.SUCCESS : AuthOutcome.FAILURE;
    if (command.verb().equals("PASS") || command.verb().equals("APOP")) {
      exchange.attempt(command.user(), outcome);
    } else if (command.sasl() != null) {
      exchange.attempt(command.sasl().user(), outcome);
      sasl = null;
      saslDataNext = false;
    }
  }
}
