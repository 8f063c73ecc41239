package dev.nsm.bench.capture;

import java.util.List;

/**
 * One injected attacker and what nsm's default ruleset must say about it.
 *
 * @param ip the attacker's address as nsm writes it in alerts
 * @param kind what it does (vertical-scan, sweep, syn-flood, ...)
 * @param description one line for people
 * @param rules the rule ids that must each raise exactly one alert for this source
 * @param startMicros its first packet
 * @param endMicros its last packet
 * @param packets packets it and its victims exchanged
 */
record Attacker(
    String ip,
    String kind,
    String description,
    List<String> rules,
    long startMicros,
    long endMicros,
    int packets) {}
