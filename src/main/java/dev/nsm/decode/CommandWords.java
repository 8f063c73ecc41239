package dev.nsm.decode;

/** Splits a protocol command or reply line at its first space: {@code VERB argument}. */
final class CommandWords {

  private CommandWords() {}

  /** The first space-separated word of a line, or the whole line. */
  static String first(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }

  /** What follows the first space, or the empty string. */
  static String rest(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? "" : line.substring(space + 1);
  }
}
