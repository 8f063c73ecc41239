package dev.nsm.decode;

/** What the flow tracker counted, for the report. */
public final class FlowStats {

  long attempts;
  long retransmittedSyns;
  long expectedConnections;
  long accepted;
  long rejected;
  long unanswered;
  long evictions;
  long evictedBeforeAnswer;

  /** Connection attempts emitted as facts. */
  public long attempts() {
    return attempts;
  }

  /** SYNs repeating an attempt already counted. */
  public long retransmittedSyns() {
    return retransmittedSyns;
  }

  /** Connections announced on another channel (FTP data), not emitted as attempts. */
  public long expectedConnections() {
    return expectedConnections;
  }

  public long accepted() {
    return accepted;
  }

  public long rejected() {
    return rejected;
  }

  public long unanswered() {
    return unanswered;
  }

  /** Flows dropped because the table was full. */
  public long evictions() {
    return evictions;
  }

  /** Evicted flows whose attempt had no answer yet: their outcome is never reported. */
  public long evictedBeforeAnswer() {
    return evictedBeforeAnswer;
  }
}
