package dev.nsm.report;

/**
 * Makes text safe to put on one line of a log or a terminal. Attackers choose user names, and a
 * user name holding {@code "\r\n2026-01-01 00:00:00 - ERROR - forged"} must not become a second,
 * forged log line, nor may ANSI escapes repaint an analyst's terminal.
 *
 * <p>Escaped, as visible text: the backslash itself ({@code \\}), CR, LF and tab ({@code \r},
 * {@code \n}, {@code \t}), every other C0 control, DEL and the C1 controls ({@code \x1b}), the
 * Unicode line and paragraph separators and the bidirectional overrides ({@code \u2028}), and
 * surrogates that do not form a pair ({@code \ud800}). Everything else passes unchanged. Because
 * the backslash is escaped too, the escaping cannot be forged either: {@code \n} in the output
 * always means a newline was in the input.
 */
public final class LogText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogText() {}

  /** The text with every unsafe character escaped; {@code "null"} for {@code null}. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    int length = text.length();
    for (int i = 0; i < length; ) {
      // codePointAt returns a lone surrogate as itself, with a width of one char
      int codePoint = text.codePointAt(i);
      int width = Character.charCount(codePoint);
      if (needsEscape(codePoint)) {
        if (out == null) {
          out = new StringBuilder(length + 16).append(text, 0, i);
        }
        appendEscape(out, codePoint);
      } else if (out != null) {
        out.appendCodePoint(codePoint);
      }
      i += width;
    }
    return out == null ? text : out.toString();
  }

  private static boolean needsEscape(int c) {
    return c == '\\'
        || c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || isBidiControl(c)
        || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }

  /** Bidi controls reorder what a terminal shows ("Trojan Source"), so they are shown escaped. */
  private static boolean isBidiControl(int c) {
    return c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static void appendEscape(StringBuilder out, int c) {
    switch (c) {
      case '\\' -> out.append("\\\\");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> {
        if (c <= 0xff) {
          out.append("\\x").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
        } else {
          out.append("\\u");
          for (int shift = 12; shift >= 0; shift -= 4) {
            out.append(HEX[(c >> shift) & 0xf]);
          }
        }
      }
    }
  }
}
