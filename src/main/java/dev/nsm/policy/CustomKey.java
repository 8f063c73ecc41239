package dev.nsm.policy;

import java.util.Locale;

/**
 * A per-detection key a ruleset declares in {@code policy-schema.yaml}, so its custom rules get the
 * same validation as the standard keys.
 *
 * @param name the key as written in policies
 * @param type what values it takes
 * @param min for integers, the smallest allowed value ({@code null}: no bound)
 * @param max for integers, the largest allowed value ({@code null}: no bound)
 * @param defaultValue the value when no policy sets it, typed as {@link Type#javaType()}
 */
public record CustomKey(String name, CustomKey.Type type, Long min, Long max, Object defaultValue) {

  /** The value types a custom key can have. */
  public enum Type {
    INTEGER(Long.class),
    DURATION(java.time.Duration.class),
    PORTS(PortSet.class),
    CIDRS(CidrSet.class),
    STRING(String.class),
    BOOLEAN(Boolean.class);

    private final Class<?> javaType;

    Type(Class<?> javaType) {
      this.javaType = javaType;
    }

    /** The Java type of values of this type in {@link Detection#settings()}. */
    public Class<?> javaType() {
      return javaType;
    }

    /** The name used in policy-schema.yaml ("integer"). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
