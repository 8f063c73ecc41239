package dev.nsm.cli;

/**
 * The exit codes of every nsm command, in one place so scripts and CI can rely on them. When
 * several apply, the highest wins: an invalid input outranks alerts, because a run that could not
 * read all its input cannot vouch for the alerts it did not see.
 */
public final class ExitCode {

  /** The command did what was asked, and no alert reached {@code --fail-on}. */
  public static final int OK = 0;

  /** At least one alert at or above the {@code --fail-on} severity. Never without that option. */
  public static final int ALERTS = 1;

  /**
   * Bad usage or invalid input: an unknown option or value, an invalid ruleset or policy, an events
   * file that cannot be read, an output that cannot be written, malformed lines with {@code
   * --strict}.
   */
  public static final int INVALID_INPUT = 2;

  /** A bug or an unexpected failure inside nsm. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCode() {}
}
