package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules that reach the file system, processes or the network are warned about, never refused. */
class OutsideCallsTest {

  private static final String HEADER =
      """
      package nsm.rules;
      import dev.nsm.event.Connection;
      import dev.nsm.policy.Detection;
      global dev.nsm.engine.AlertRaiser alerts;
      """;

  private static String rule(String name, String consequence) {
    return """
        rule "%s"
            @id("%s") @severity("low")
        when
            $d : Detection(id == "%s", enabled)
            $c : Connection(alerts.admits($d, this)) over window:time(1ms) from entry-point "connections"
        then
            %s
            alerts.raise(drools, $d, 1, java.util.List.of($c), "seen");
        end
        """
        .formatted(name, name, name, consequence);
  }

  private static List<Diagnostic> warnings(String text) {
    return OutsideCalls.in(new RuleFile("rules/site/x.drl", text));
  }

  @Test
  void theShippedRulesGiveNoWarning() throws Exception {
    for (RuleFile file : Ruleset.bundled().files()) {
      assertEquals(List.of(), OutsideCalls.in(file), file.path());
    }
    assertEquals(List.of(), RuleHarness.compile().warnings());
  }

  @Test
  void runtimeExecInAConsequenceIsWarnedAtItsLineAndColumn() {
    String text = HEADER + rule("shell", "Runtime.getRuntime().exec(\"id\");");
    List<Diagnostic> warnings = warnings(text);
    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals(
        "rules/site/x.drl:11:5: warning: rule 'shell' calls java.lang.Runtime (processes): rules"
            + " run inside nsm with its privileges; review what it does before you trust this"
            + " ruleset",
        warnings.get(0).toString());
  }

  @Test
  void aSocketOpenedByItsFullNameIsWarnedAtItsLine() {
    String text = HEADER + rule("phone-home", "new java.net.Socket(\"192.0.2.1\", 4444).close();");
    List<Diagnostic> warnings = warnings(text);
    assertEquals(1, warnings.size(), warnings.toString());
    Diagnostic w = warnings.get(0);
    assertEquals(11, w.line());
    assertEquals(9, w.column());
    assertTrue(
        w.message().startsWith("rule 'phone-home' calls java.net.Socket (network): "), w.message());
  }

  @Test
  void callsInConstraintsFunctionsAndEveryRuleAreFoundOncePerRule() {
    String text =
        HEADER
            + "import java.nio.file.Files;\n"
            + "function String secret() { return Files.readString(java.nio.file.Path.of(\"k\")); }\n"
            + rule("env", "System.getenv(\"HOME\"); System.getenv(\"USER\");")
                .replace("enabled)", "enabled, eval(Class.forName(\"x\") != null))")
            + rule("thread", "new Thread(() -> {}).start();");
    List<String> found =
        warnings(text).stream()
            .map(w -> w.line() + " " + w.message().substring(0, w.message().indexOf(':')))
            .toList();
    assertEquals(
        List.of(
            "6 function secret() calls java.nio.file.Files (file system)",
            "6 function secret() calls java.nio.file.Path (file system)",
            "10 rule 'env' calls Class.forName (reflection)",
            "13 rule 'env' calls System.getenv (the JVM itself)",
            "22 rule 'thread' calls java.lang.Thread (threads)"),
        found);
  }

  @Test
  void aUnicodeEscapeInCodeIsWarnedAboutSinceItHidesTheCall() {
    String text = HEADER + rule("hidden", "new java.net.\\u0053ocket(\"192.0.2.1\", 4444);");
    List<Diagnostic> warnings = warnings(text);
    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals(
        "rules/site/x.drl:11:18: warning: rule 'hidden' writes code with a \\u escape, which hides"
            + " what it calls: rules run inside nsm with its privileges; review what it does before"
            + " you trust this ruleset",
        warnings.get(0).toString());
  }

  @Test
  void commentsStringsAndLookalikeNamesAreNotCalls() {
    String text =
        HEADER
            + "// Runtime.getRuntime().exec would be bad; so would java.net.Socket\n"
            + "/* new File(\"x\") */\n"
            + rule(
                "quiet",
                "String s = \"java.net.Socket Runtime System.exit\"; RuntimeException e = null;"
                    + " ThreadLocal<String> t = null; Object $File = null;");
    assertEquals(List.of(), warnings(text));
  }

  @Test
  void nsmCheckPrintsTheWarningAndStillAcceptsTheRuleset(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("phone-home.drl"),
        HEADER + rule("phone-home", "new java.net.Socket(\"192.0.2.1\", 4444).close();"));
    CompiledRuleset compiled =
        RulesetCompiler.compile(Ruleset.load(dir), new PolicyLoader().loadDefault());
    assertEquals(1, compiled.warnings().size(), compiled.warnings().toString());
    assertTrue(
        compiled
            .warnings()
            .get(0)
            .toString()
            .startsWith(
                dir.resolve("phone-home.drl")
                    + ":11:9: warning: rule 'phone-home' calls java.net.Socket (network)"),
        compiled.warnings().toString());
  }
}
