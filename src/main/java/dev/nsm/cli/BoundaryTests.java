package dev.nsm.cli;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.engine.CompiledRuleset;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.scenario.boundary.BoundaryChecker;
import dev.nsm.scenario.boundary.BoundaryResult;
import dev.nsm.scenario.boundary.BoundaryResult.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code nsm test --boundaries}: compiles the ruleset once, checks every rule, prints a line each.
 */
final class BoundaryTests {

  private BoundaryTests() {}

  static int run(CommandLine command, RulesetOptions ruleset, Path junitFile) throws IOException {
    PrintWriter out = command.getOut();
    PrintWriter err = command.getErr();
    CompiledRuleset compiled;
    try {
      compiled = NetworkSecurityMonitor.compile(ruleset.rulesDir, ruleset.policyFiles);
    } catch (InvalidInputException e) {
      DiagnosticPrinter.print(err, e.diagnostics());
      return ExitCode.INVALID_INPUT;
    }
    DiagnosticPrinter.print(err, compiled.warnings());
    List<BoundaryResult> results = BoundaryChecker.check(compiled);
    for (BoundaryResult result : results) {
      out.println(result.line());
      for (String problem : result.problems()) {
        out.println("    " + problem);
      }
    }
    long passed = count(results, Status.PASS);
    long failed = count(results, Status.FAIL);
    out.println(
        passed + " passed, " + failed + " failed, " + count(results, Status.SKIP) + " skipped");
    out.flush();
    if (passed + failed == 0) {
      err.println(
          "nsm test: no rule of "
              + compiled.ruleset().name()
              + " declares what it counts (@counts): nothing was checked");
      err.flush();
    }
    if (junitFile != null) {
      JUnitReport.writeBoundaries(junitFile, results);
    }
    return failed > 0 ? ExitCode.ALERTS : ExitCode.OK;
  }

  private static long count(List<BoundaryResult> results, Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }
}
