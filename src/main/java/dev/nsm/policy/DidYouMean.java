package dev.nsm.policy;

import java.util.Collection;
import java.util.Locale;

/** Finds the known name a misspelt one was probably meant to be. */
public final class DidYouMean {

  private DidYouMean() {}

  /**
   * The hint to append to an "unknown" message, e.g. {@code " (did you mean 'min_count'?)"}, or an
   * empty string when no known name is close.
   */
  public static String hint(String word, Collection<String> known) {
    String closest = closest(word, known);
    return closest == null ? "" : " (did you mean '" + closest + "'?)";
  }

  /**
   * The closest known name: one differing only in case or '-' versus '_', else the nearest within
   * two edits. Short names allow fewer edits (one per three letters, at least one), so "icmp" does
   * not suggest "tcp".
   */
  static String closest(String word, Collection<String> known) {
    String normalized = normalize(word);
    for (String candidate : known) {
      if (normalize(candidate).equals(normalized)) {
        return candidate;
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      int allowed = Math.min(2, Math.max(1, candidate.length() / 3));
      if (distance <= allowed && distance < word.length() && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
