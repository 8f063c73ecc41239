package dev.nsm.policy;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns YAML text into a node tree, keeping the line and column of every node for diagnostics.
 *
 * <p>Only composes, never constructs: no tag in the text can instantiate a Java object, and values
 * are interpreted by {@link NodeReader} against what each key expects.
 */
public final class YamlTree {

  private YamlTree() {}

  /**
   * The document's root node, {@code null} for an empty document or a syntax error (then reported
   * in {@code diagnostics}).
   */
  public static Node compose(String file, String text, List<Diagnostic> diagnostics) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setProcessComments(false);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(10 * 1024 * 1024);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try {
      return yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      String context =
          e.getContext() != null && e.getProblem() != null ? " (" + e.getContext() + ")" : "";
      diagnostics.add(
          Diagnostic.error(
              file,
              mark == null ? 0 : mark.getLine() + 1,
              mark == null ? 0 : mark.getColumn() + 1,
              "YAML syntax error: " + problem + context));
      return null;
    } catch (YAMLException e) {
      diagnostics.add(Diagnostic.error(file, 0, 0, "YAML error: " + e.getMessage()));
      return null;
    }
  }
}
