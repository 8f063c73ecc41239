package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;
import dev.nsm.event.IpAddress;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * FTP control channel: {@code USER}/{@code PASS} answered by 230 or 530, and the data connections
 * announced by 227 (PASV), 229 (EPSV), {@code PORT} and {@code EPRT}. Replies are matched to
 * commands in order, so pipelined commands are attributed correctly.
 */
final class FtpParser extends LineParser {

  private record Command(String verb, String user) {}

  private final ArrayDeque<Command> awaitingReply = new ArrayDeque<>();
  private String user;
  private boolean encrypted;

  FtpParser(AuthExchange exchange, int maxLineBytes) {
    super(exchange, maxLineBytes);
  }

  @Override
  void onClientLine(String line) {
    if (encrypted) {
      return;
    }
    String verb = CommandWords.first(line).toUpperCase(Locale.ROOT);
    String argument = CommandWords.rest(line);
    switch (verb) {
      case "USER" -> user = Credentials.user(argument, exchange.maxUserChars());
      case "PORT" -> announcePort(argument);
      case "EPRT" -> announceExtendedPort(argument);
      default -> {}
    }
    if (awaitingReply.size() < LineParser.MAX_PENDING) {
      awaitingReply.add(new Command(verb, user));
    }
  }

  @Override
  void onServerLine(String line) {
    if (encrypted || line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ')) {
      return; // not a final reply line (multi-line replies continue with "230-")
    }
    int code = replyCode(line);
    if (code < 0) {
      return;
    }
    if (code == 227) {
      announcePassive(line);
    } else if (code == 229) {
      announceExtendedPassive(line);
    }
    if (code < 200 || awaitingReply.isEmpty()) {
      return; // preliminary reply, or the greeting
    }
    if (code == 220 && !"REIN".equals(awaitingReply.peek().verb())) {
      return; // the greeting, even when the client spoke first
    }
    Command command = awaitingReply.poll();
    switch (command.verb()) {
      case "USER", "PASS" -> {
        if (code == 230) {
          exchange.attempt(command.user(), AuthOutcome.SUCCESS);
        } else if (code == 530) {
          exchange.attempt(command.user(), AuthOutcome.FAILURE);
        }
      }
      case "AUTH" -> encrypted = code == 234; // TLS from here on: nothing more to read
      default -> {}
    }
  }

  private static int replyCode(String line) {
    for (int i = 0; i < 3; i++) {
      if (line.charAt(i) < '0' || line.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(line.substring(0, 3));
  }

  /** {@code 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)}: the client connects. */
  private void announcePassive(String line) {
    int open = line.indexOf('(');
    int close = line.indexOf(')', open + 1);
    String numbers =
        open >= 0 && close > open ? line.substring(open + 1, close) : line.substring(4);
    hostPort(numbers.trim(), true);
  }

  /** {@code PORT h1,h2,h3,h4,p1,p2}: the server connects to the client. */
  private void announcePort(String argument) {
    hostPort(argument.trim(), false);
  }

  private void hostPort(String numbers, boolean originatorIsClient) {
    String[] parts = numbers.split(",");
    if (parts.length != 6) {
      return;
    }
    byte[] address = new byte[4];
    int[] values = new int[6];
    for (int i = 0; i < 6; i++) {
      String part = parts[i].trim();
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return;
      }
      values[i] = Integer.parseInt(part);
      if (values[i] > 255) {
        return;
      }
    }
    for (int i = 0; i < 4; i++) {
      address[i] = (byte) values[i];
    }
    int port = values[4] * 256 + values[5];
    if (port > 0) {
      exchange.dataConnectionAnnounced(address, port, originatorIsClient);
    }
  }

  /** {@code 229 Entering Extended Passive Mode (|||port|)}: same server address. */
  private void announceExtendedPassive(String line) {
    int open = line.indexOf('(');
    int close = line.indexOf(')', open + 1);
    if (open < 0 || close < 0) {
      return;
    }
    String[] fields = splitExtended(line.substring(open + 1, close));
    if (fields != null) {
      int port = port(fields[2]);
      if (port > 0) {
        exchange.dataConnectionAnnounced(null, port, true);
      }
    }
  }

  /** {@code EPRT |1|192.0.2.5|6446|} or {@code EPRT |2|2001:db8::5|6446|}. */
  private void announceExtendedPort(String argument) {
    String[] fields = splitExtended(argument.trim());
    if (fields == null) {
      return;
    }
    byte[] address = IpAddress.parse(fields[1]);
    int port = port(fields[2]);
    if (address != null && port > 0) {
      exchange.dataConnectionAnnounced(address, port, false);
    }
  }

  /** The three fields between four copies of the delimiter (the first char), or null. */
  private static String[] splitExtended(String text) {
    if (text.length() < 4) {
      return null;
    }
    String delimiter = text.substring(0, 1);
    String[] parts = text.split(java.util.regex.Pattern.quote(delimiter), -1);
    if (parts.length != 5 || !parts[0].isEmpty() || !parts[4].isEmpty()) {
      return null;
    }
    return new String[] {parts[1], parts[2], parts[3]};
  }

  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int port = Integer.parseInt(text);
    return port <= 65535 ? port : -1;
  }
}
