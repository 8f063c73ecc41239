package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * IMAP: {@code tag LOGIN user pass} (atoms or quoted strings) or {@code tag AUTHENTICATE} (SASL),
 * answered {@code tag OK} (success) or {@code tag NO} (failure). Replies are matched by tag, so
 * interleaved commands are attributed correctly.
 */
final class ImapParser extends LineParser {

  private final Map<String, String> loginsByTag = new LinkedHashMap<>();

  /** Tag and exchange of the AUTHENTICATE in progress; responses follow "+" continuations. */
  private String authenticatingTag;

  private SaslExchange sasl;
  private boolean credentialsNext;

  ImapParser(AuthExchange exchange, int maxLineBytes) {
    super(exchange, maxLineBytes);
  }

  @Override
  void onClientLine(String line) {
    if (credentialsNext) {
      credentialsNext = false;
      sasl.respond(line);
      return;
    }
    String tag = CommandWords.first(line);
    String rest = CommandWords.rest(line);
    String command = CommandWords.first(rest).toUpperCase(Locale.ROOT);
    String arguments = CommandWords.rest(rest);
    if (command.equals("LOGIN")) {
      remember(tag, firstString(arguments));
    } else if (command.equals("AUTHENTICATE")) {
      authenticatingTag = tag;
      sasl = new SaslExchange(arguments, exchange.maxUserChars());
    }
  }

  @Override
  void onServerLine(String line) {
    if (line.startsWith("+") && authenticatingTag != null) {
      credentialsNext = true;
      return;
    }
    String tag = CommandWords.first(line);
    String user;
    if (tag.equals(authenticatingTag)) {
      user = sasl.user();
      authenticatingTag = null;
      sasl = null;
      credentialsNext = false;
    } else if (loginsByTag.containsKey(tag)) {
      user = loginsByTag.remove(tag);
    } else {
      return;
    }
    String status = CommandWords.first(CommandWords.rest(line)).toUpperCase(Locale.ROOT);
    if (status.equals("OK")) {
      exchange.attempt(user, AuthOutcome.SUCCESS);
    } else if (status.equals("NO")) {
      exchange.attempt(user, AuthOutcome.FAILURE);
    }
  }

  private void remember(String tag, String user) {
    if (loginsByTag.size() >= MAX_PENDING) {
      loginsByTag.remove(loginsByTag.keySet().iterator().next());
    }
    loginsByTag.put(tag, user);
  }

  /** The first astring: an atom up to a space, or a quoted string with its escapes undone. */
  private String firstString(String arguments) {
    if (arguments.startsWith("{")) {
      return null; // a literal: the name follows on another line
    }
    StringBuilder text = new StringBuilder();
    if (arguments.startsWith("\"")) {
      for (int i = 1; i < arguments.length(); i++) {
        char c = arguments.charAt(i);
        if (c == '\\' && i + 1 < arguments.length()) {
          text.append(arguments.charAt(++i));
        } else if (c == '"') {
          break;
        } else {
          text.append(c);
        }
      }
    } else {
      text.append(CommandWords.first(arguments));
    }
    return Credentials.user(text.toString(), exchange.maxUserChars());
  }
}
