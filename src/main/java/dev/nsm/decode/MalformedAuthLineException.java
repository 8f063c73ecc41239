package dev.nsm.decode;

/** Thrown inside the parsers when a line that looks like an auth line cannot be read. */
final class MalformedAuthLineException extends RuntimeException {

  MalformedAuthLineException(String reason) {
    super(reason, null, false, false);
  }
}
