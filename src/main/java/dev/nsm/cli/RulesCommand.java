package dev.nsm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.engine.CompiledRuleset;
import dev.nsm.engine.RuleInfo;
import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import dev.nsm.policy.Detection;
import dev.nsm.policy.DurationText;
import dev.nsm.policy.InvalidInputException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nsm rules}: what is in force, each rule with the policy's tuning of it. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "List the rules in force with the severity and thresholds the policy gives them.")
final class RulesCommand implements Callable<Integer> {

  private static final String[] HEADER = {
    "ID",
    "SEVERITY",
    "RULE_SEVERITY",
    "TAGS",
    "ENABLED",
    "MIN_COUNT",
    "WINDOW",
    "SUPPRESS_FOR",
    "TRANSPORTS",
    "LOCATION"
  };

  @Mixin RulesetOptions ruleset;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = OutputFormat.Converter.class,
      description = "text (an aligned table) or json.")
  OutputFormat format;

  @Spec CommandSpec spec;

  /** One rule as listed: the rule's own metadata and the policy's tuning of it. */
  private record Row(RuleInfo rule, Detection detection) {
    Severity severityInForce() {
      return detection.severity() != null ? detection.severity() : rule.severity();
    }

    String transports() {
      return detection.transports().stream()
          .sorted()
          .map(Transport::label)
          .collect(Collectors.joining(","));
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CompiledRuleset compiled;
    try {
      compiled = NetworkSecurityMonitor.compile(ruleset.rulesDir, ruleset.policyFiles);
    } catch (InvalidInputException e) {
      DiagnosticPrinter.print(err, e.diagnostics());
      return ExitCode.INVALID_INPUT;
    }
    DiagnosticPrinter.print(err, compiled.warnings());
    // Sorted by id so the listing does not depend on file names or rule order within files.
    List<Row> rows =
        compiled.rules().stream()
            .sorted(Comparator.comparing(RuleInfo::id))
            .map(rule -> new Row(rule, compiled.policy().detection(rule.id())))
            .toList();
    out.print(format == OutputFormat.JSON ? json(compiled, rows) : table(rows));
    out.flush();
    return ExitCode.OK;
  }

  private static String table(List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Row row : rows) {
      Detection d = row.detection();
      cells.add(
          new String[] {
            row.rule().id(),
            row.severityInForce().label(),
            row.rule().severity().label(),
            row.rule().tags().isEmpty() ? "-" : String.join(",", row.rule().tags()),
            d.enabled() ? "yes" : "no",
            String.valueOf(d.minCount()),
            DurationText.format(d.window()),
            DurationText.format(d.suppressFor()),
            row.transports().isEmpty() ? "-" : row.transports(),
            row.rule().file() + ":" + row.rule().line()
          });
    }
    int[] widths = new int[HEADER.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] line : cells) {
      StringBuilder padded = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        padded.append(line[i]);
        if (i < line.length - 1) {
          padded.append(" ".repeat(widths[i] - line[i].length() + 2));
        }
      }
      text.append(padded.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String json(CompiledRuleset compiled, List<Row> rows) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("ruleset", compiled.ruleset().name());
    root.put("hash", compiled.hash());
    ArrayNode policyFiles = root.putArray("policy_files");
    compiled.policy().files().forEach(policyFiles::add);
    ArrayNode list = root.putArray("rules");
    for (Row row : rows) {
      Detection d = row.detection();
      ObjectNode node = list.addObject();
      node.put("id", row.rule().id());
      node.put("name", row.rule().name());
      node.put("severity", row.severityInForce().label());
      node.put("rule_severity", row.rule().severity().label());
      ArrayNode tags = node.putArray("tags");
      row.rule().tags().forEach(tags::add);
      node.put("enabled", d.enabled());
      node.put("min_count", d.minCount());
      node.put("window", DurationText.format(d.window()));
      node.put("suppress_for", DurationText.format(d.suppressFor()));
      ArrayNode transports = node.putArray("transports");
      d.transports().stream().sorted().map(Transport::label).forEach(transports::add);
      node.put("file", row.rule().file());
      node.put("line", row.rule().line());
    }
    return mapper.writeValueAsString(root) + "\n";
  }
}
