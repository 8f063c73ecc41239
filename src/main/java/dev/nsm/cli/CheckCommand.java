package dev.nsm.cli;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.engine.CompiledRuleset;
import dev.nsm.policy.InvalidInputException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsm check}: compile the ruleset and validate the policies, reporting every problem. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Compile the rules and validate the policies, reporting every error.",
      "Exit 0 if they are valid, 2 if not."
    })
final class CheckCommand implements Callable<Integer> {

  @Mixin RulesetOptions ruleset;

  @Option(
      names = "--print-policy",
      description =
          "Print the merged policy in force as YAML on stdout (the OK line then goes to stderr).")
  boolean printPolicy;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledRuleset compiled;
    try {
      compiled = NetworkSecurityMonitor.compile(ruleset.rulesDir, ruleset.policyFiles);
    } catch (InvalidInputException e) {
      DiagnosticPrinter.print(err, e.diagnostics());
      long errors = DiagnosticPrinter.errorCount(e.diagnostics());
      err.println("nsm check: " + errors + (errors == 1 ? " error" : " errors"));
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    DiagnosticPrinter.print(err, compiled.warnings());
    String summary =
        "OK: ruleset "
            + compiled.ruleset().name()
            + " (hash "
            + compiled.hash()
            + ", "
            + compiled.rules().size()
            + " rules), policy "
            + String.join(", ", compiled.policy().files());
    if (printPolicy) {
      // stdout carries the YAML alone, so it can be redirected to a file and loaded again.
      out.print(compiled.policy().toYaml());
      out.flush();
      err.println(summary);
      err.flush();
    } else {
      out.println(summary);
      out.flush();
    }
    return ExitCode.OK;
  }
}
