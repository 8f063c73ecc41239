package dev.nsm.scenario.boundary;

import java.util.List;

/**
 * Facts fed to one fresh session, in this order.
 *
 * @param label what the facts are, for people: "6 connections within 1s"
 * @param steps the facts, strictly increasing in time
 */
record Run(String label, List<Step> steps) {
  Run {
    steps = List.copyOf(steps);
    for (int i = 1; i < steps.size(); i++) {
      // Facts sharing a millisecond are evaluated together; the cases keep them apart, so each
      // fact is its own evaluation moment, as the expectations assume.
      if (steps.get(i).at() <= steps.get(i - 1).at()) {
        throw new IllegalArgumentException("steps must be strictly increasing in time: " + steps);
      }
    }
  }
}
