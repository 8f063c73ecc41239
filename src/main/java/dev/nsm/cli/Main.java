package dev.nsm.cli;

import dev.nsm.Version;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code nsm}: the command line. Run {@code java -jar nsm.jar --help}. */
@Command(
    name = "nsm",
    mixinStandardHelpOptions = true,
    versionProvider = Main.NsmVersion.class,
    description = "Network security policy monitor: replays network activity through Drools rules.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      RulesCommand.class,
      TestCommand.class,
      PseudonymCommand.class,
      HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  // Read from the parse result rather than this field: an inherited option given after a
  // subcommand name is matched on the subcommand, wherever picocli stores its value.
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an internal error, print the stack trace too.")
  boolean debug;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@link #main} runs it: usage errors exit 2 with a one-line message,
   * unexpected exceptions exit 3. Tests execute this too, so they exercise the same mapping.
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setParameterExceptionHandler(Main::usageError);
    commandLine.setExecutionExceptionHandler(Main::internalError);
    return commandLine;
  }

  /** {@code nsm} alone: say what to do, as a usage error. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("nsm: missing command");
    spec.commandLine().usage(err);
    return ExitCode.INVALID_INPUT;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCode.INVALID_INPUT;
  }

  private static int internalError(Exception e, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    err.println("nsm: internal error: " + oneLine(e));
    if (debugRequested(parseResult)) {
      e.printStackTrace(err);
    } else {
      err.println("Run again with --debug for the stack trace.");
    }
    err.flush();
    return ExitCode.INTERNAL_ERROR;
  }

  private static boolean debugRequested(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    String text = e.getClass().getName() + message;
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " ...";
  }

  /** {@code nsm --version}. */
  static final class NsmVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nsm " + Version.number()};
    }
  }
}
