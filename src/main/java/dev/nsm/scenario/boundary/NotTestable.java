package dev.nsm.scenario.boundary;

/** A rule, or one of its cases, that the generator cannot test under this policy; says why. */
final class NotTestable extends Exception {
  private static final long serialVersionUID = 1L;

  NotTestable(String reason) {
    super(reason, null, false, false);
  }
}
