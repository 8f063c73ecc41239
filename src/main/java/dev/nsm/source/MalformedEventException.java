package dev.nsm.source;

/** Why one line of an events file did not become a fact. The message is the whole reason. */
final class MalformedEventException extends Exception {

  private static final long serialVersionUID = 1L;

  MalformedEventException(String reason) {
    // No stack trace: a file of a million bad lines should cost a million messages, not traces,
    // and the reason names the line's problem, not a place in our code.
    super(reason, null, false, false);
  }
}
