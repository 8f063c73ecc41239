package dev.nsm.decode;

/** Short quotes of untrusted log text for malformed-line reasons. */
final class Snippets {

  private static final int MAX_QUOTED = 60;

  private Snippets() {}

  /** At most {@value #MAX_QUOTED} characters, control characters shown as {@code \\uXXXX}. */
  static String shorten(String text) {
    StringBuilder out = new StringBuilder();
    int end = Math.min(text.length(), MAX_QUOTED);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > MAX_QUOTED ? out + "..." : out.toString();
  }
}
