package dev.nsm.report;

import java.util.Objects;

/**
 * An input line that could not be read as a fact.
 *
 * @param input the input's name as the user gave it
 * @param line 1-based line number
 * @param reason why it was rejected; may quote attacker-controlled text
 */
public record MalformedLine(String input, long line, String reason) {

  public MalformedLine {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(reason, "reason");
  }
}
