package dev.nsm.cli;

import dev.nsm.policy.InvalidInputException;
import dev.nsm.scenario.Scenario;
import dev.nsm.scenario.ScenarioLoader;
import dev.nsm.scenario.ScenarioResult;
import dev.nsm.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nsm test}: run scenario tests against recorded traffic. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run every scenario (a directory with a scenario.yaml) below the directories given and"
          + " compare the alerts with what it expects. See examples/scenarios/.",
      "--rules and --policy run every scenario with that ruleset (unless it names its own) and"
          + " those policy files over the default policy (before the scenario's own): change a"
          + " threshold in a site policy and see which scenarios change.",
      "With --boundaries instead: check every threshold rule of a ruleset just under, at and over"
          + " the policy's thresholds and at the edges of its windows.",
      "Exit 0 if all pass, 1 if any fails, 2 if a scenario file, the ruleset or the policy is"
          + " invalid."
    })
final class TestCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "DIR", description = "Directories holding scenarios.")
  List<Path> directories = new ArrayList<>();

  @Option(
      names = "--boundaries",
      description =
          "Instead of scenarios: generate facts just under, at and over each threshold of the"
              + " policy, at both edges of each window and from two interleaved sources, for every"
              + " rule that declares what it counts (@counts), and check the alerts.")
  boolean boundaries;

  @Mixin RulesetOptions ruleset;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write the results as JUnit XML, for CI servers.")
  Path junitFile;

  @Option(
      names = "--update",
      description =
          "Write each scenario's expected-alerts.jsonl from this run instead of comparing with it.")
  boolean update;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    checkCombination();
    if (boundaries) {
      return BoundaryTests.run(spec.commandLine(), ruleset, junitFile);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = new ArrayList<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        err.println("nsm test: error: no directory " + directory);
        err.flush();
        return ExitCode.INVALID_INPUT;
      }
      files.addAll(scenarioFiles(directory));
    }
    if (files.isEmpty()) {
      err.println("nsm test: error: no " + Scenario.FILE_NAME + " below " + directories);
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    int exit = ExitCode.OK;
    List<ScenarioResult> results = new ArrayList<>();
    for (Path file : files) {
      try {
        Scenario scenario = ScenarioLoader.load(file).under(ruleset.rulesDir, ruleset.policyFiles);
        ScenarioResult result = ScenarioRunner.run(scenario, update);
        results.add(result);
        print(out, result);
        exit = Math.max(exit, result.passed() ? ExitCode.OK : ExitCode.ALERTS);
      } catch (InvalidInputException e) {
        out.println("INVALID " + file);
        DiagnosticPrinter.print(err, e.diagnostics());
        exit = ExitCode.INVALID_INPUT;
      }
      out.flush();
    }
    long failed = results.stream().filter(r -> !r.passed()).count();
    out.println(
        results.size()
            - failed
            + " passed, "
            + failed
            + " failed, "
            + (files.size() - results.size())
            + " invalid");
    out.flush();
    if (junitFile != null) {
      JUnitReport.write(junitFile, results);
    }
    return exit;
  }

  /** Boundary checks generate their own traffic, so they take no scenarios. */
  private void checkCombination() {
    String problem = null;
    if (boundaries && !directories.isEmpty()) {
      problem = "--boundaries takes no scenario directories; run nsm test DIR... on its own";
    } else if (boundaries && update) {
      problem = "--update writes scenarios' expected alerts; --boundaries has none";
    } else if (!boundaries && directories.isEmpty()) {
      problem = "give the directories holding scenarios, or --boundaries";
    }
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
  }

  private static List<Path> scenarioFiles(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> p.getFileName().toString().equals(Scenario.FILE_NAME))
          .sorted()
          .toList();
    }
  }

  private static void print(PrintWriter out, ScenarioResult result) {
    out.printf(
        Locale.ROOT,
        "%s %s (%.1f s)%n",
        result.passed() ? "PASS" : "FAIL",
        result.scenario().name(),
        result.elapsed().toMillis() / 1000.0);
    for (String difference : result.differences()) {
      out.println("    " + difference.replace("\n", "\n    "));
    }
  }
}
