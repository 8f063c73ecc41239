package dev.nsm.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a threshold rule counts, as it declares it in its metadata, so {@code nsm test --boundaries}
 * can generate facts just under, at and over its threshold:
 *
 * <pre>
 * {@literal @}counts("connections")            the entry point whose facts it counts
 * {@literal @}distinct("dst_port")             optional: it counts distinct values of this field
 * {@literal @}sample("dst_ip=home dst_port=unusual")  field values of a fact it counts
 * {@literal @}trigger("outcome=success")       optional: a fact of other values, after the counted
 *                                     ones, is what makes it evaluate
 * </pre>
 *
 * @param kind the facts counted
 * @param distinct the field whose distinct values are counted, or {@code null}: facts are counted
 * @param sample field values every counted fact has; a field left out takes the generator's
 *     default. A value is a literal or a symbol ({@link #HOME}, {@link #UNUSUAL})
 * @param trigger field values that turn a counted fact into the triggering one; empty when the
 *     counted facts trigger the evaluation themselves
 */
public record CountedFacts(
    Kind kind, Field distinct, Map<Field, String> sample, Map<Field, String> trigger) {

  /** Symbol for an address in the policy's home networks. */
  public static final String HOME = "home";

  /** Symbol for a port that is not one of the policy's standard ports for the transport. */
  public static final String UNUSUAL = "unusual";

  public CountedFacts {
    Objects.requireNonNull(kind, "kind");
    sample = Collections.unmodifiableMap(copy(sample));
    trigger = Collections.unmodifiableMap(copy(trigger));
  }

  /** Whether a fact other than the counted ones triggers the evaluation. */
  public boolean triggered() {
    return !trigger.isEmpty();
  }

  /** The kinds of fact a rule can count, by the entry point they are inserted into. */
  public enum Kind {
    CONNECTIONS("connections", "connections"),
    AUTH_ATTEMPTS("auth-attempts", "auth attempts");

    private final String entryPoint;
    private final String noun;

    Kind(String entryPoint, String noun) {
      this.entryPoint = entryPoint;
      this.noun = noun;
    }

    /** The entry point's name, as {@code @counts} gives it. */
    public String entryPoint() {
      return entryPoint;
    }

    /** The facts in plain words, plural: "connections". */
    public String noun() {
      return noun;
    }

    static Kind of(String entryPoint) {
      return Arrays.stream(values())
          .filter(k -> k.entryPoint.equals(entryPoint))
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * The fields {@code @sample}, {@code @trigger} and {@code @distinct} may name: those of the
   * events file format ({@code docs/events-format.md}). The source address is not one of them: the
   * generator chooses sources itself, so it can interleave two of them.
   */
  public enum Field {
    SRC_PORT("src_port", Kind.CONNECTIONS),
    DST_IP("dst_ip", Kind.CONNECTIONS, Kind.AUTH_ATTEMPTS),
    DST_PORT("dst_port", Kind.CONNECTIONS, Kind.AUTH_ATTEMPTS),
    TRANSPORT("transport", Kind.CONNECTIONS),
    SERVICE("service", Kind.AUTH_ATTEMPTS),
    USER("user", Kind.AUTH_ATTEMPTS),
    OUTCOME("outcome", Kind.AUTH_ATTEMPTS);

    private final String key;
    private final List<Kind> kinds;

    Field(String key, Kind... kinds) {
      this.key = key;
      this.kinds = List.of(kinds);
    }

    /** The name in metadata and in events files: "dst_port". */
    public String key() {
      return key;
    }

    /** Whether facts of this kind have the field. */
    public boolean of(Kind kind) {
      return kinds.contains(kind);
    }

    /** Whether enough distinct values exist for {@code @distinct} to make sense. */
    boolean countable() {
      return this != TRANSPORT && this != OUTCOME;
    }

    static Field of(Kind kind, String key) {
      return Arrays.stream(values())
          .filter(f -> f.key.equals(key) && f.of(kind))
          .findFirst()
          .orElse(null);
    }

    static List<String> keys(Kind kind) {
      return Arrays.stream(values()).filter(f -> f.of(kind)).map(Field::key).toList();
    }
  }

  private static EnumMap<Field, String> copy(Map<Field, String> values) {
    EnumMap<Field, String> copy = new EnumMap<>(Field.class);
    copy.putAll(values);
    return copy;
  }
}
