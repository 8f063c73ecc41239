package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;
import java.io.ByteArrayOutputStream;

/**
 * Telnet logins as login(1) runs them: after a {@code login:} prompt the client types a name (often
 * one character per segment, echoed back), after {@code Password:} a password; then the server says
 * {@code Login incorrect} (failure) or shows {@code Last login} or a shell prompt (success). Option
 * negotiation (IAC ...) is stripped from both directions first. The password is never kept.
 */
final class TelnetParser implements ProtocolParser {

  private static final int IAC = 255;
  private static final int SB = 250;
  private static final int SE = 240;
  private static final int WILL = 251;
  private static final int DONT = 254;
  private static final int WINDOW = 64;

  private enum State {
    IDLE,
    TYPING_USER,
    AWAIT_PASSWORD_PROMPT,
    TYPING_PASSWORD,
    PASSWORD_SENT,
    LOGGED_IN
  }

  /** Strips IAC sequences, which may themselves be split across segments. */
  private static final class OptionStripper {
    private int state; // 0 data, 1 after IAC, 2 option byte next, 3 in SB, 4 IAC inside SB

    /** Returns the data byte, or -1 when the byte belonged to a command. */
    int next(int b) {
      switch (state) {
        case 0:
          if (b == IAC) {
            state = 1;
            return -1;
          }
          return b;
        case 1:
          if (b == IAC) {
            state = 0;
            return IAC; // escaped 255
          }
          state = b == SB ? 3 : (b >= WILL && b <= DONT ? 2 : 0);
          return -1;
        case 2:
          state = 0;
          return -1;
        case 3:
          state = b == IAC ? 4 : 3;
          return -1;
        default:
          state = b == SE ? 0 : 3;
          return -1;
      }
    }
  }

  private final AuthExchange exchange;
  private final OptionStripper clientOptions = new OptionStripper();
  private final OptionStripper serverOptions = new OptionStripper();
  private final StringBuilder serverText = new StringBuilder();
  private final ByteArrayOutputStream typedUser = new ByteArrayOutputStream();
  private State state = State.IDLE;
  private String user;

  TelnetParser(AuthExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void onClientBytes(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      int b = clientOptions.next(bytes[i] & 0xFF);
      if (b < 0) {
        continue;
      }
      boolean enter = b == '\r' || b == '\n';
      if (state == State.TYPING_USER) {
        if (enter) {
          user = Credentials.user(typedUser.toByteArray(), exchange.maxUserChars());
          state = State.AWAIT_PASSWORD_PROMPT;
        } else if (b == 0x7F || b == 0x08) {
          byte[] typed = typedUser.toByteArray();
          typedUser.reset();
          typedUser.write(typed, 0, Math.max(0, typed.length - 1));
        } else if (b != 0 && typedUser.size() < exchange.maxUserChars() * 4) {
          typedUser.write(b);
        }
      } else if (state == State.TYPING_PASSWORD && enter) {
        state = State.PASSWORD_SENT;
      }
    }
  }

  @Override
  public void onServerBytes(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      int b = serverOptions.next(bytes[i] & 0xFF);
      if (b < 0) {
        continue;
      }
      serverText.append(Character.toLowerCase((char) b));
      if (serverText.length() > WINDOW) {
        serverText.delete(0, serverText.length() - WINDOW);
      }
      onServerText();
    }
    if (state == State.PASSWORD_SENT && endsWithShellPrompt()) {
      succeed();
    }
  }

  private void onServerText() {
    if (endsWith("login incorrect") || endsWith("login failed")) {
      if (state == State.PASSWORD_SENT
          || state == State.TYPING_PASSWORD
          || state == State.AWAIT_PASSWORD_PROMPT) {
        exchange.attempt(user, AuthOutcome.FAILURE);
      }
      state = State.IDLE;
      serverText.setLength(0);
    } else if (endsWith("last login")) {
      if (state == State.PASSWORD_SENT) {
        succeed();
      }
    } else if (endsWith("login:") && state != State.LOGGED_IN) {
      state = State.TYPING_USER;
      typedUser.reset();
      user = null;
      serverText.setLength(0);
    } else if (endsWith("password:") && state != State.LOGGED_IN) {
      state = State.TYPING_PASSWORD;
      serverText.setLength(0);
    }
  }

  private void succeed() {
    exchange.attempt(user, AuthOutcome.SUCCESS);
    state = State.LOGGED_IN;
  }

  private boolean endsWith(String phrase) {
    int start = serverText.length() - phrase.length();
    return start >= 0 && serverText.indexOf(phrase, start) == start;
  }

  private boolean endsWithShellPrompt() {
    int end = serverText.length();
    while (end > 0 && serverText.charAt(end - 1) == ' ') {
      end--;
    }
    if (end == 0 || end == serverText.length()) {
      return false; // a prompt ends in "$ ", "# ", "> " or "% "
    }
    char last = serverText.charAt(end - 1);
    return last == '$' || last == '#' || last == '>' || last == '%';
  }

  @Override
  public void onGap(boolean fromClient) {
    if (!fromClient) {
      serverText.setLength(0);
    }
  }
}
