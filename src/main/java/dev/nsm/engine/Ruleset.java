package dev.nsm.engine;

import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.PolicySchema;
import dev.nsm.policy.TrustedPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A ruleset: the {@code .drl} files of one directory, in name order, and the optional {@code
 * policy-schema.yaml} that declares the ruleset's own detection keys. Read from disk when nsm
 * starts, so staff change rules without rebuilding nsm.
 *
 * @param name what to call the ruleset in messages (its directory as given)
 * @param files the DRL files in name order
 * @param schema the custom policy keys the ruleset declares, or none
 */
public record Ruleset(String name, List<RuleFile> files, PolicySchema schema) {

  static final String SCHEMA_FILE = "policy-schema.yaml";
  private static final String BUNDLED = "nsm/rules/default";
  private static final String BUNDLED_NAME = "rules/default";
  private static final String RULES = "rules";

  public Ruleset {
    files = List.copyOf(files);
  }

  /**
   * The ruleset in a directory. The directory, its rule files and its schema are checked first: nsm
   * refuses rules that anyone but root and the user running nsm could change ({@link TrustedPath}).
   */
  public static Ruleset load(Path dir) throws InvalidInputException {
    String name = dir.toString();
    Optional<Diagnostic> untrusted = TrustedPath.problem(dir, RULES);
    if (untrusted.isPresent()) {
      // Every file inside would repeat the directory's problem: it alone says what to fix.
      throw new InvalidInputException(List.of(untrusted.get()));
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          List.of(
              Diagnostic.error(
                  name, 0, 0, "not a ruleset directory (expected a directory of .drl files)")));
    }
    try {
      return read(name, dir, name, true);
    } catch (IOException e) {
      throw new InvalidInputException(
          List.of(Diagnostic.error(name, 0, 0, "cannot read ruleset: " + e.getMessage())));
    }
  }

  /** The default ruleset shipped inside nsm ({@code rules/default/}). */
  public static Ruleset bundled() {
    URL url = Ruleset.class.getClassLoader().getResource(BUNDLED);
    if (url == null) {
      throw new IllegalStateException("the bundled ruleset " + BUNDLED + " is missing from nsm");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        return read(BUNDLED_NAME, Path.of(uri), BUNDLED_NAME, false);
      }
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return read(BUNDLED_NAME, jar.getPath(BUNDLED), BUNDLED_NAME, false);
      }
    } catch (IOException | URISyntaxException | InvalidInputException e) {
      throw new IllegalStateException("the bundled ruleset cannot be read", e);
    }
  }

  /**
   * @param checkTrust whether to check who can change the files: not for the bundled rules, which
   *     are part of nsm itself like its classes
   */
  private static Ruleset read(String name, Path dir, String displayDir, boolean checkTrust)
      throws IOException, InvalidInputException {
    List<RuleFile> files = new ArrayList<>();
    List<Path> drl;
    try (Stream<Path> entries = Files.list(dir)) {
      drl =
          entries
              .filter(p -> p.getFileName().toString().endsWith(".drl"))
              .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
              .toList();
    }
    Path schemaFile = dir.resolve(SCHEMA_FILE);
    if (checkTrust) {
      List<Diagnostic> untrusted = new ArrayList<>();
      for (Path file : drl) {
        TrustedPath.problem(file, RULES).ifPresent(untrusted::add);
      }
      TrustedPath.problem(schemaFile, "a policy schema").ifPresent(untrusted::add);
      if (!untrusted.isEmpty()) {
        throw new InvalidInputException(untrusted);
      }
    }
    for (Path file : drl) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      files.add(new RuleFile(displayDir + "/" + file.getFileName(), text));
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(
          List.of(Diagnostic.error(name, 0, 0, "no .drl files in this ruleset directory")));
    }
    PolicySchema schema = PolicySchema.none();
    if (Files.exists(schemaFile)) {
      try (InputStream in = Files.newInputStream(schemaFile)) {
        schema =
            PolicySchema.parse(
                displayDir + "/" + SCHEMA_FILE,
                new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return new Ruleset(name, files, schema);
  }

  /**
   * A short fingerprint of the rules' text, recorded on every alert so an analyst knows which rules
   * produced it.
   */
  public String hash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (RuleFile file : files) {
        String base = file.path().substring(file.path().lastIndexOf('/') + 1);
        sha.update(base.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(file.text().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
