package dev.nsm.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * An {@code expect} entry: how many alerts match the filter, and when the first of them fired.
 *
 * @param min fewest matching alerts allowed (1 unless count, min or max says otherwise)
 * @param max most matching alerts allowed, {@code null} for no bound
 * @param firstAt event time of the first matching alert, {@code null} when not checked
 * @param tolerance how far the first alert may be from {@code firstAt}
 */
public record Expectation(
    AlertFilter filter, long min, Long max, Instant firstAt, Duration tolerance) {}
