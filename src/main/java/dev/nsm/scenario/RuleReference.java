package dev.nsm.scenario;

import dev.nsm.policy.FilePosition;

/** A rule id as a scenario file names it, and where, so a misspelt id is an error, not a pass. */
public record RuleReference(String ruleId, FilePosition at) {}
