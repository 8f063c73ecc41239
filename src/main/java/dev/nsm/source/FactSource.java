package dev.nsm.source;

import java.io.IOException;

/** Something that yields facts in event time order as far as its input allows. */
public interface FactSource {

  /** The name facts' origins and problem reports carry, e.g. the file name as the user gave it. */
  String name();

  /**
   * Reads the whole input, handing each fact and each rejected piece of input to {@code sink}.
   *
   * @throws IOException when the input cannot be read at all; the message names the input
   */
  void readInto(FactSink sink) throws IOException;
}
