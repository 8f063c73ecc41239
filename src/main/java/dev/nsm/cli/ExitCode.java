package dev.nsm.cli;

/**
 * The exit codes of every nsm command, in one place so scripts and CI can rely on them. When
 * several apply, the highest wins: an invalid input outranks alerts, because a run that could not
 * read all its input cannot vouch for the alerts it did not see; an output that failed outranks
 * everything, because the files on disk are then incomplete whatever else happened.
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

  /**
   * An output could not be written during the run (a full disk, an I/O error): the file keeps every
   * line written before the failure, whole, and gets no more; the other outputs and the report were
   * still written. Running again on the same input and outputs completes the files without
   * duplicating what they hold. An output that cannot be opened at start-up is {@link
   * #INVALID_INPUT}, before any input is read.
   */
  public static final int OUTPUT_FAILED = 4;

  private ExitCode() {}
}
