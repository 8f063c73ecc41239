package dev.nsm.engine;

import dev.nsm.event.Severity;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a ruleset against a policy. Every problem is collected and reported at once, each as
 * {@code path:line:col: error: message}; nothing runs with a broken ruleset. Code that reaches
 * outside nsm (files, processes, network) is warned about ({@link OutsideCalls}).
 *
 * <p>Uses the classic (mvel) build: it compiles DRL in a fraction of the time the executable model
 * needs, and start-up time matters to people editing rules.
 */
public final class RulesetCompiler {

  private static final String RESOURCES = "src/main/resources/";
  private static final Pattern PARSER_POSITION =
      Pattern.compile("^(?:\\[ERR \\d+\\] )?Line (\\d+):(\\d+)");
  private static final Pattern SCOPE = Pattern.compile("@scope\\(\\s*\"([^\"]*)\"\\s*\\)");
  private static final Pattern SEVERITY = Pattern.compile("@severity\\(\\s*\"([^\"]*)\"\\s*\\)");

  private RulesetCompiler() {}

  public static CompiledRuleset compile(Ruleset ruleset, Policy policy)
      throws InvalidInputException {
    List<Diagnostic> problems = new ArrayList<>();
    List<RuleFile> filled = new ArrayList<>();
    List<ScannedRule> scanned = new ArrayList<>();
    for (RuleFile file : ruleset.files()) {
      RuleFile concrete = PolicyPlaceholders.fill(file, policy, problems);
      filled.add(concrete);
      scanned.addAll(RuleScanner.scan(concrete));
    }
    List<RuleInfo> rules = describe(scanned, problems);
    Set<String> disabled = new HashSet<>();
    for (RuleInfo rule : rules) {
      if (!policy.detection(rule.id()).enabled()) {
        disabled.add(rule.id());
      }
    }
    // Facts live as long as the windows of the rules that run: a switched-off rule's window does
    // not keep them.
    Map<String, Long> expiry =
        FactExpiry.of(scanned.stream().filter(r -> !disabled.contains(r.id())).toList(), filled);
    Set<String> readTypes =
        scanned.stream()
            .filter(r -> !disabled.contains(r.id()))
            .flatMap(r -> r.factTypes().stream())
            .collect(Collectors.toSet());
    KieBase kieBase = build(filled, readTypes, problems);
    if (problems.stream().anyMatch(Diagnostic::isError)) {
      throw new InvalidInputException(problems);
    }
    leaveOut(kieBase, disabled);
    List<Diagnostic> warnings = new ArrayList<>(problems);
    for (RuleFile file : ruleset.files()) {
      warnings.addAll(OutsideCalls.in(file));
    }
    Set<String> ids = new LinkedHashSet<>();
    rules.forEach(r -> ids.add(r.id()));
    warnings.addAll(policy.unknownDetections(ids));
    return new CompiledRuleset(ruleset, policy, kieBase, rules, expiry, warnings);
  }

  /**
   * Takes the rules the policy switches off out of the compiled network. They were compiled (and
   * their errors reported) like the others, and {@link CompiledRuleset#rules()} still lists them,
   * so {@code nsm rules}, {@code nsm check} and scenarios know them and say they are disabled; but
   * a switched-off rule left in the network would still take in every fact and fill its windows.
   */
  private static void leaveOut(KieBase kieBase, Set<String> disabled) {
    if (disabled.isEmpty()) {
      return;
    }
    List<String[]> remove = new ArrayList<>();
    for (KiePackage pkg : kieBase.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        if (disabled.contains(String.valueOf(rule.getMetaData().get("id")))) {
          remove.add(new String[] {pkg.getName(), rule.getName()});
        }
      }
    }
    for (String[] rule : remove) {
      kieBase.removeRule(rule[0], rule[1]);
    }
  }

  /** Checks the metadata every rule must carry and turns it into {@link RuleInfo}s. */
  private static List<RuleInfo> describe(List<ScannedRule> scanned, List<Diagnostic> problems) {
    List<RuleInfo> rules = new ArrayList<>();
    Map<String, ScannedRule> byId = new HashMap<>();
    for (ScannedRule rule : scanned) {
      if (rule.id() == null || rule.id().isBlank()) {
        problems.add(
            Diagnostic.error(
                rule.file(),
                rule.line(),
                1,
                "rule '"
                    + rule.name()
                    + "' has no @id(\"...\") (expected e.g. @id(\"port-scan\"):"
                    + " policies, suppressions and scenarios name rules by it)"));
        continue;
      }
      ScannedRule earlier = byId.putIfAbsent(rule.id(), rule);
      if (earlier != null) {
        problems.add(
            Diagnostic.error(
                rule.file(),
                rule.line(),
                1,
                "duplicate @id(\""
                    + rule.id()
                    + "\"), also used by rule '"
                    + earlier.name()
                    + "' at "
                    + earlier.file()
                    + ":"
                    + earlier.line()));
      }
      Severity severity = severityOf(rule, problems);
      rules.add(
          new RuleInfo(
              rule.id(),
              rule.name(),
              severity,
              tagsOf(rule.body()),
              rule.file(),
              rule.line(),
              CountMetadata.read(rule, problems),
              comparesSources(rule, problems)));
    }
    return rules;
  }

  private static Severity severityOf(ScannedRule rule, List<Diagnostic> problems) {
    Matcher m = SEVERITY.matcher(rule.body());
    String problem;
    if (!m.find()) {
      problem = "has no @severity(\"...\")";
    } else {
      try {
        return Severity.parse(m.group(1));
      } catch (IllegalArgumentException e) {
        problem = "has @severity(\"" + m.group(1) + "\")";
      }
    }
    problems.add(
        Diagnostic.error(
            rule.file(),
            rule.line(),
            1,
            "rule '"
                + rule.name()
                + "' "
                + problem
                + " (expected one of low, medium, high, critical)"));
    return Severity.LOW;
  }

  /**
   * {@code @scope("all-sources")}: the rule compares facts of different sources, so the ruleset
   * cannot be sharded by source; {@code @scope("source")} (the default) says it can.
   */
  private static boolean comparesSources(ScannedRule rule, List<Diagnostic> problems) {
    Matcher m = SCOPE.matcher(rule.body());
    if (!m.find() || m.group(1).equals("source")) {
      return false;
    }
    if (!m.group(1).equals("all-sources")) {
      problems.add(
          Diagnostic.error(
              rule.file(),
              rule.line(),
              1,
              "rule '"
                  + rule.name()
                  + "' has @scope(\""
                  + m.group(1)
                  + "\") (expected \"source\" or \"all-sources\")"));
    }
    return true;
  }

  private static List<String> tagsOf(String body) {
    Matcher m = Pattern.compile("@tags\\(\\s*\"([^\"]*)\"\\s*\\)").matcher(body);
    if (!m.find()) {
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    for (String tag : m.group(1).split(",")) {
      if (!tag.isBlank()) {
        tags.add(tag.strip());
      }
    }
    return tags;
  }

  private static KieBase build(
      List<RuleFile> files, Set<String> readTypes, List<Diagnostic> problems) {
    KieServices kie = KieServices.Factory.get();
    KieFileSystem kfs = kie.newKieFileSystem();
    Map<String, String> displayPaths = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String name = "nsm/rules" + i + ".drl";
      displayPaths.put(name, files.get(i).path());
      kfs.write(RESOURCES + name, files.get(i).text());
    }
    String generated = "nsm/generated-event-declarations.drl";
    displayPaths.put(generated, "(generated event declarations)");
    kfs.write(RESOURCES + generated, FactExpiry.declarations(readTypes));

    KieBuilder builder = kie.newKieBuilder(kfs).buildAll(DrlProject.class);
    boolean failed = false;
    for (Message message : builder.getResults().getMessages()) {
      if (message.getLevel() == Message.Level.INFO || isParserFollowOn(message)) {
        failed |= message.getLevel() == Message.Level.ERROR;
        continue;
      }
      String path = displayPaths.getOrDefault(message.getPath(), message.getPath());
      String text = oneLine(message.getText());
      int line = Math.max(1, message.getLine());
      int column = message.getColumn() + 1;
      // Parser errors carry their exact position only in the text: "[ERR 102] Line 31:4 ...".
      Matcher position = PARSER_POSITION.matcher(text);
      if (position.find()) {
        line = Integer.parseInt(position.group(1));
        column = Integer.parseInt(position.group(2)) + 1;
        text = text.substring(position.end()).strip();
      }
      if (message.getLevel() == Message.Level.ERROR) {
        failed = true;
        problems.add(Diagnostic.error(path, line, column, text));
      } else {
        problems.add(Diagnostic.warning(path, line, column, text));
      }
    }
    if (failed) {
      return null;
    }
    KieContainer container = kie.newKieContainer(builder.getKieModule().getReleaseId());
    KieBaseConfiguration config = kie.newKieBaseConfiguration();
    config.setOption(EventProcessingOption.STREAM);
    return container.newKieBase(config);
  }

  /** Drools adds this after every parser error of a file; the parser error says it all. */
  private static boolean isParserFollowOn(Message message) {
    return message.getText().startsWith("Parser returned a null Package");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
