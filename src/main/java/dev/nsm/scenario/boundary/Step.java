package dev.nsm.scenario.boundary;

/**
 * One fact of a generated run, before it is made concrete.
 *
 * @param at event time, milliseconds after the run starts
 * @param source which of the two generated sources sends it (0 or 1)
 * @param trigger whether it is the rule's trigger fact rather than a counted one
 * @param value for a rule counting distinct values: which of the source's values it carries
 */
record Step(long at, int source, boolean trigger, int value) {}
