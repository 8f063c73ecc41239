package dev.nsm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The ruleset and policy options every command that compiles rules shares. */
final class RulesetOptions {

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Ruleset directory of .drl files (default: the bundled rules/default).")
  Path rulesDir;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Site policy file applied over the default policy; repeatable, a later file overrides"
              + " an earlier one key by key.")
  List<Path> policyFiles = new ArrayList<>();
}
