package dev.nsm.source;

/**
 * Untrusted text quoted inside a problem report. Reports are single lines that end up in logs and
 * terminals, so control characters are shown as escapes (no forged lines, no terminal codes) and
 * long text is cut: a 1 MiB key need not be repeated back in full.
 */
final class Snippet {

  static final int MAX_CHARS = 80;

  private Snippet() {}

  /** The text between single quotes, escaped and cut to {@link #MAX_CHARS}. */
  static String quoted(String text) {
    return "'" + escaped(text, MAX_CHARS) + "'";
  }

  /** The text with control characters escaped, cut to {@code maxChars} with "..." after it. */
  static String escaped(String text, int maxChars) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(text.length(), maxChars);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (text.length() > maxChars) {
      out.append("...");
    }
    return out.toString();
  }
}
