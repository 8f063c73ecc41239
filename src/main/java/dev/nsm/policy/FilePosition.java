package dev.nsm.policy;

/**
 * Where something was written, kept so later checks (such as detection ids no rule has) can point
 * back into the file.
 */
public record FilePosition(String file, int line, int column) {}
