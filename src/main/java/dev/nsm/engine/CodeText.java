package dev.nsm.engine;

/**
 * DRL and Java text with what is not code blanked out: comments and string literals become spaces,
 * line breaks stay, so every offset, line and column still points into the original file.
 */
final class CodeText {

  private CodeText() {}

  static String blankCommentsAndStrings(String text) {
    char[] out = text.toCharArray();
    int i = 0;
    while (i < out.length) {
      int end;
      if (text.startsWith("//", i)) {
        end = text.indexOf('\n', i);
      } else if (text.startsWith("/*", i)) {
        end = text.indexOf("*/", i + 2);
        end = end < 0 ? -1 : end + 2;
      } else if (text.startsWith("\"\"\"", i)) {
        end = text.indexOf("\"\"\"", i + 3);
        end = end < 0 ? -1 : end + 3;
      } else if (out[i] == '"' || out[i] == '\'') {
        end = quoteEnd(text, i);
      } else {
        i++;
        continue;
      }
      end = end < 0 ? out.length : end;
      for (int j = i; j < end; j++) {
        if (out[j] != '\n' && out[j] != '\r') {
          out[j] = ' ';
        }
      }
      i = end;
    }
    return new String(out);
  }

  /** Just past the quote closing the literal opened at {@code start}, or the end of its line. */
  private static int quoteEnd(String text, int start) {
    char quote = text.charAt(start);
    for (int i = start + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '\n') {
        return i;
      }
    }
    return text.length();
  }

  /**
   * Just past the brace closing the first block that opens at or after {@code from}, in text
   * already blanked; the end of the text if it never closes.
   */
  static int closingBrace(String code, int from) {
    int depth = 0;
    for (int i = code.indexOf('{', from); i >= 0 && i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i + 1;
      }
    }
    return code.length();
  }
}
