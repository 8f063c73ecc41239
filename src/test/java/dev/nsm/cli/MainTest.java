package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.Version;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

  @Test
  void versionPrintsNsmAndTheBuildVersion() {
    Cli.Result result = Cli.run("--version");
    assertEquals(0, result.exitCode(), result::toString);
    assertEquals("nsm " + Version.number(), result.out().strip());
  }

  @Test
  void helpListsEverySubcommandWithItsDescription() {
    Cli.Result result = Cli.run("--help");
    assertEquals(0, result.exitCode(), result::toString);
    for (String command : new String[] {"run ", "check ", "rules "}) {
      assertTrue(result.out().contains("  " + command), command + " missing:\n" + result.out());
    }
    assertTrue(result.out().contains("Run the rules over capture files"), result.out());
  }

  @Test
  void unknownSubcommandIsAUsageErrorWithExitTwo() {
    Cli.Result result = Cli.run("chekc");
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains("'chekc'"), result.err());
    assertTrue(result.err().contains("check"), "suggests the close command:\n" + result.err());
  }

  @Test
  void noSubcommandIsAUsageErrorWithExitTwo() {
    Cli.Result result = Cli.run();
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains("missing command"), result.err());
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitTwo() {
    Cli.Result result = Cli.run("check", "--no-such-option");
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains("--no-such-option"), result.err());
  }

  /** Fails the way a bug would. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("wires crossed");
    }
  }

  @Test
  void unexpectedExceptionExitsThreeWithOneLineAndNoStackTrace() {
    CommandLine commandLine = Main.commandLine();
    commandLine.addSubcommand(new Boom());
    Cli.Result result = Cli.run(commandLine, "boom");
    assertEquals(ExitCode.INTERNAL_ERROR, result.exitCode(), result::toString);
    assertTrue(
        result.err().startsWith("nsm: internal error: java.lang.IllegalStateException: wires"),
        result.err());
    assertFalse(result.err().contains("\tat "), "no stack trace without --debug");
  }

  @Test
  void debugAfterTheSubcommandAddsTheStackTrace() {
    CommandLine commandLine = Main.commandLine();
    commandLine.addSubcommand(new Boom());
    Cli.Result result = Cli.run(commandLine, "boom", "--debug");
    assertEquals(ExitCode.INTERNAL_ERROR, result.exitCode(), result::toString);
    assertTrue(result.err().contains("\tat dev.nsm.cli.MainTest$Boom.call"), result.err());
  }
}
