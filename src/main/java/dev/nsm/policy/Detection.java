package dev.nsm.policy;

import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tuning of one detection (one rule, by its {@code @id}) as the merged policy sets it. Rules
 * read it as a fact: {@code $d.counts(transport)}, {@code $d.allows(srcIp)}, {@code $d.minCount()}.
 *
 * @param id the rule's {@code @id}
 * @param enabled false switches the rule off
 * @param severity overrides the rule's {@code @severity}; {@code null} keeps the rule's own
 * @param minCount inclusive threshold: the rule fires when the count reaches it
 * @param window how far back the rule counts
 * @param suppressFor after an alert, repeats for the same (rule, source) are counted, not raised
 * @param transports the transports the rule counts
 * @param allow sources this detection ignores (the policy's global allow-list applies as well)
 * @param settings keys a ruleset declares in {@code policy-schema.yaml}, typed as Long, Duration,
 *     PortSet, CidrSet, String or Boolean
 */
public record Detection(
    String id,
    boolean enabled,
    Severity severity,
    int minCount,
    Duration window,
    Duration suppressFor,
    Set<Transport> transports,
    CidrSet allow,
    Map<String, Object> settings) {

  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  static final Duration DEFAULT_SUPPRESS_FOR = Duration.ofMinutes(10);

  public Detection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(suppressFor, "suppressFor");
    Objects.requireNonNull(allow, "allow");
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1: " + minCount);
    }
    transports = Collections.unmodifiableSet(copyOf(transports));
    settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
  }

  /** What a detection no policy file mentions gets: on, counting everything, rule's severity. */
  public static Detection defaults(String id) {
    return new Detection(
        id,
        true,
        null,
        1,
        DEFAULT_WINDOW,
        DEFAULT_SUPPRESS_FOR,
        EnumSet.allOf(Transport.class),
        CidrSet.empty(),
        Map.of());
  }

  /** Whether connections over this transport count towards the detection. */
  public boolean counts(Transport transport) {
    return transport != null && transports.contains(transport);
  }

  /** Whether this detection ignores the source (its own allow-list only). */
  public boolean allows(String ip) {
    return allow.contains(ip);
  }

  public long windowMillis() {
    return window.toMillis();
  }

  public long suppressForMillis() {
    return suppressFor.toMillis();
  }

  /** A custom integer setting; throws IllegalArgumentException if the schema declares none. */
  public long integer(String key) {
    return setting(key, Long.class, "integer");
  }

  public Duration duration(String key) {
    return setting(key, Duration.class, "duration");
  }

  public PortSet ports(String key) {
    return setting(key, PortSet.class, "ports");
  }

  public CidrSet cidrs(String key) {
    return setting(key, CidrSet.class, "cidrs");
  }

  public String string(String key) {
    return setting(key, String.class, "string");
  }

  public boolean flag(String key) {
    return setting(key, Boolean.class, "boolean");
  }

  private <T> T setting(String key, Class<T> type, String typeName) {
    Object value = settings.get(key);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "detection '"
              + id
              + "' has no "
              + typeName
              + " setting '"
              + key
              + "' (declare it in the ruleset's policy-schema.yaml; declared: "
              + settings.keySet()
              + ")");
    }
    return type.cast(value);
  }

  private static EnumSet<Transport> copyOf(Set<Transport> transports) {
    EnumSet<Transport> copy = EnumSet.noneOf(Transport.class);
    copy.addAll(transports);
    return copy;
  }
}
