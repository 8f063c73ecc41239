package dev.nsm.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Loads the shipped default policy and any site files over it, validating every file and reporting
 * all problems of all files in one {@link InvalidInputException}.
 */
public final class PolicyLoader {

  /** How the shipped default policy is named in diagnostics. */
  public static final String DEFAULT_NAME = "policies/default.yaml";

  private static final String DEFAULT_RESOURCE = "/nsm/policies/default.yaml";

  private final PolicySchema schema;

  /** A loader that accepts only the standard detection keys. */
  public PolicyLoader() {
    this(PolicySchema.none());
  }

  /** A loader that also accepts the custom keys the ruleset's schema declares. */
  public PolicyLoader(PolicySchema schema) {
    this.schema = schema;
  }

  /** The shipped default policy alone. */
  public Policy loadDefault() throws InvalidInputException {
    return loadTexts(List.of(defaultText()));
  }

  /**
   * The shipped default policy, then each site file in order, each overriding the ones before. A
   * file anyone but root and the user running nsm could change is refused unread ({@link
   * TrustedPath}).
   */
  public Policy load(List<Path> siteFiles) throws InvalidInputException {
    List<Diagnostic> unreadable = new ArrayList<>();
    List<PolicyText> layers = new ArrayList<>();
    layers.add(defaultText());
    for (Path file : siteFiles) {
      Optional<Diagnostic> untrusted = TrustedPath.problem(file, "a policy");
      if (untrusted.isPresent()) {
        unreadable.add(untrusted.get());
        continue;
      }
      try {
        layers.add(new PolicyText(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        unreadable.add(Diagnostic.error(file.toString(), 0, 0, "cannot read policy file: " + e));
      }
    }
    return load(layers, unreadable);
  }

  /** Policy texts in order, the first being the base; see {@link #loadTexts}. */
  public Policy load(PolicyText... layers) throws InvalidInputException {
    return loadTexts(Arrays.asList(layers));
  }

  /**
   * Policy texts in order, the first being the base (usually {@link #defaultText()}), each
   * overriding the ones before. Named apart from {@link #load(List)} because both take a List.
   */
  public Policy loadTexts(List<PolicyText> layers) throws InvalidInputException {
    return load(layers, new ArrayList<>());
  }

  /** The shipped default policy's text, from the classpath. */
  public static PolicyText defaultText() {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the jar lacks " + DEFAULT_RESOURCE + "; the build is broken");
      }
      return new PolicyText(DEFAULT_NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Policy load(List<PolicyText> texts, List<Diagnostic> diagnostics)
      throws InvalidInputException {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no policy layers given");
    }
    List<PolicyLayer> layers = new ArrayList<>();
    for (PolicyText text : texts) {
      layers.add(PolicyFileReader.read(text, schema, diagnostics));
    }
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      throw new InvalidInputException(diagnostics);
    }
    return PolicyAssembler.assemble(layers, schema);
  }
}
