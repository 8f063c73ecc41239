package dev.nsm.engine;

import dev.nsm.policy.Diagnostic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a rule file's code reaches outside nsm: the file system, processes, the network,
 * reflection, threads or the JVM itself. A DRL condition or consequence can run any Java with nsm's
 * privileges; a detection needs none of these, so each is worth a reviewer's look. {@code nsm
 * check} (and every command that compiles rules) prints them as warnings, never errors: a site may
 * have a reason.
 *
 * <p>It reads the text with comments and string literals blanked out, so a comment or a message
 * that names {@code Socket} is not flagged. It is a reviewing aid, not a sandbox: code determined
 * to hide (a class name built from strings, loaded by a flagged call though) can; the protection is
 * that nsm loads rules only from files that only trusted users can change ({@link
 * dev.nsm.policy.TrustedPath}).
 */
final class OutsideCalls {

  private record Api(Pattern pattern, String what) {}

  private static final String FILES = "file system";
  private static final String PROCESSES = "processes";
  private static final String NETWORK = "network";
  private static final String REFLECTION = "reflection";
  private static final String THREADS = "threads";
  private static final String JVM = "the JVM itself";
  private static final String SCRIPTING = "scripting";

  /** Classes flagged when named without their package (java.lang needs no import). */
  private static final Map<String, String> SIMPLE_NAMES =
      Map.ofEntries(
          Map.entry("File", "java.io.File"),
          Map.entry("FileInputStream", "java.io.FileInputStream"),
          Map.entry("FileOutputStream", "java.io.FileOutputStream"),
          Map.entry("FileReader", "java.io.FileReader"),
          Map.entry("FileWriter", "java.io.FileWriter"),
          Map.entry("RandomAccessFile", "java.io.RandomAccessFile"),
          Map.entry("Files", "java.nio.file.Files"),
          Map.entry("Paths", "java.nio.file.Paths"),
          Map.entry("Path", "java.nio.file.Path"),
          Map.entry("FileChannel", "java.nio.channels.FileChannel"),
          Map.entry("Runtime", "java.lang.Runtime"),
          Map.entry("ProcessBuilder", "java.lang.ProcessBuilder"),
          Map.entry("Process", "java.lang.Process"),
          Map.entry("ProcessHandle", "java.lang.ProcessHandle"),
          Map.entry("Socket", "java.net.Socket"),
          Map.entry("ServerSocket", "java.net.ServerSocket"),
          Map.entry("DatagramSocket", "java.net.DatagramSocket"),
          Map.entry("SocketChannel", "java.nio.channels.SocketChannel"),
          Map.entry("URL", "java.net.URL"),
          Map.entry("URLConnection", "java.net.URLConnection"),
          Map.entry("HttpURLConnection", "java.net.HttpURLConnection"),
          Map.entry("HttpClient", "java.net.http.HttpClient"),
          Map.entry("InetAddress", "java.net.InetAddress"),
          Map.entry("InitialContext", "javax.naming.InitialContext"),
          Map.entry("Thread", "java.lang.Thread"),
          Map.entry("Executors", "java.util.concurrent.Executors"),
          Map.entry("CompletableFuture", "java.util.concurrent.CompletableFuture"),
          Map.entry("ForkJoinPool", "java.util.concurrent.ForkJoinPool"),
          Map.entry("ClassLoader", "java.lang.ClassLoader"),
          Map.entry("ScriptEngineManager", "javax.script.ScriptEngineManager"));

  private static final List<Api> APIS =
      List.of(
          new Api(qualified("java\\.io\\.(?:File\\w*|RandomAccessFile)"), FILES),
          new Api(qualified("java\\.nio\\.(?:file|channels)\\.\\w+"), FILES),
          new Api(qualified("java\\.net\\.(?:http\\.)?\\w+"), NETWORK),
          new Api(qualified("javax\\.(?:naming|net)\\.\\w+"), NETWORK),
          new Api(qualified("java\\.rmi\\.\\w+"), NETWORK),
          new Api(
              qualified("java\\.lang\\.(?:Runtime|ProcessBuilder|ProcessHandle|Process)"),
              PROCESSES),
          new Api(qualified("java\\.lang\\.(?:reflect|invoke)\\.\\w+"), REFLECTION),
          new Api(qualified("java\\.lang\\.ClassLoader"), REFLECTION),
          new Api(qualified("javax\\.script\\.\\w+"), SCRIPTING),
          new Api(qualified("java\\.lang\\.Thread"), THREADS),
          new Api(
              qualified("java\\.util\\.concurrent\\.(?:Executors|CompletableFuture|ForkJoinPool)"),
              THREADS),
          new Api(
              Pattern.compile(
                  "\\bSystem\\s*\\.\\s*(?:exit|getenv|setProperty|setProperties|clearProperty"
                      + "|load|loadLibrary|setIn|setOut|setErr|setSecurityManager)\\b"),
              JVM),
          new Api(Pattern.compile("\\bClass\\s*\\.\\s*forName\\b"), REFLECTION),
          new Api(
              Pattern.compile(
                  "(?<=\\.\\s{0,20})(?:getDeclared(?:Method|Field|Constructor)s?|getMethods?"
                      + "|getField|setAccessible|newInstance|invoke|defineClass|getClassLoader)"
                      + "(?=\\s*\\()"),
              REFLECTION),
          new Api(
              Pattern.compile(
                  "(?<![\\w.$])(?:" + String.join("|", SIMPLE_NAMES.keySet()) + ")(?![\\w$])"),
              null));

  private static final Pattern NON_STATIC_IMPORT =
      Pattern.compile("^[ \\t]*import[ \\t]+(?!static\\b|function\\b)[^;\\n]*", Pattern.MULTILINE);
  private static final Pattern FUNCTION =
      Pattern.compile("^[ \\t]*function\\b[^(\\n]*?(\\w+)[ \\t]*\\(", Pattern.MULTILINE);
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+[0-9A-Fa-f]{4}");

  private OutsideCalls() {}

  private static Pattern qualified(String name) {
    return Pattern.compile("(?<![\\w.$])" + name + "(?![\\w$])");
  }

  /** One warning per rule (or function) and call, at the call's first occurrence. */
  static List<Diagnostic> in(RuleFile file) {
    String code = CodeText.blankCommentsAndStrings(file.text());
    List<int[]> skipped = new ArrayList<>();
    Matcher imports = NON_STATIC_IMPORT.matcher(code);
    while (imports.find()) {
      // Importing a class does nothing; each use of it is flagged where it happens.
      skipped.add(new int[] {imports.start(), imports.end()});
    }
    List<Unit> units = units(file, code);
    List<Diagnostic> warnings = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Hit> hits = new ArrayList<>();
    for (Api api : APIS) {
      Matcher m = api.pattern().matcher(code);
      while (m.find()) {
        if (!inside(skipped, m.start())) {
          String name = m.group().replaceAll("\\s+", "");
          String called = api.what() == null ? SIMPLE_NAMES.get(name) : name;
          String what = api.what() == null ? categoryOf(called) : api.what();
          // A reflective method is named alone, "setAccessible()": its receiver could be anything.
          boolean method = !called.contains(".") && Character.isLowerCase(called.charAt(0));
          String shown = method ? called + "()" : called;
          hits.add(new Hit(m.start(), shown, "calls " + shown + " (" + what + ")"));
        }
      }
    }
    Matcher escape = UNICODE_ESCAPE.matcher(code);
    while (escape.find()) {
      // Java decodes unicode escapes before it compiles: in code, one only serves to hide a name.
      hits.add(
          new Hit(
              escape.start(), "\\u", "writes code with a \\u escape, which hides what it calls"));
    }
    hits.sort((a, b) -> Integer.compare(a.offset, b.offset));
    for (Hit hit : hits) {
      Unit unit = unitAt(units, hit.offset);
      if (seen.add(unit.label + '\u0000' + hit.key)) {
        int line = RuleScanner.lineOf(code, hit.offset);
        int column = hit.offset - code.lastIndexOf('\n', hit.offset - 1);
        warnings.add(
            Diagnostic.warning(
                file.path(),
                line,
                column,
                unit.label
                    + " "
                    + hit.finding
                    + ": rules run inside nsm with its privileges; review what it does before"
                    + " you trust this ruleset"));
      }
    }
    return warnings;
  }

  private static String categoryOf(String className) {
    for (Api api : APIS) {
      if (api.what() != null && api.pattern().matcher(className).matches()) {
        return api.what();
      }
    }
    throw new IllegalStateException("no category for " + className);
  }

  /**
   * @param key what is found, once per rule
   * @param finding what the warning says of it, after the rule's name
   */
  private record Hit(int offset, String key, String finding) {}

  private record Unit(int start, int end, String label) {}

  /** The rules and functions of the file, by offset. */
  private static List<Unit> units(RuleFile file, String code) {
    List<Unit> units = new ArrayList<>();
    for (ScannedRule rule : RuleScanner.scan(file)) {
      int start = lineStart(code, rule.line());
      units.add(new Unit(start, start + rule.body().length(), "rule '" + rule.name() + "'"));
    }
    Matcher function = FUNCTION.matcher(code);
    while (function.find()) {
      int end = CodeText.closingBrace(code, function.end());
      units.add(new Unit(function.start(), end, "function " + function.group(1) + "()"));
    }
    return units;
  }

  private static Unit unitAt(List<Unit> units, int offset) {
    for (Unit unit : units) {
      if (offset >= unit.start && offset < unit.end) {
        return unit;
      }
    }
    return new Unit(0, 0, "this file, outside any rule,");
  }

  private static int lineStart(String text, int line) {
    int offset = 0;
    for (int i = 1; i < line; i++) {
      offset = text.indexOf('\n', offset) + 1;
    }
    return offset;
  }

  private static boolean inside(List<int[]> ranges, int offset) {
    for (int[] range : ranges) {
      if (offset >= range[0] && offset < range[1]) {
        return true;
      }
    }
    return false;
  }
}
