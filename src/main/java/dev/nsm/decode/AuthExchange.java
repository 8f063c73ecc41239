package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;

/**
 * What a protocol parser tells the decoder about the stream it reads. Calls are made while the
 * decoder handles the packet that carried the bytes, so the decoder attributes them to that packet.
 */
interface AuthExchange {

  /** The server has answered one authentication try. {@code user} may be null when unknown. */
  void attempt(String user, AuthOutcome outcome);

  /**
   * A data connection was announced: {@code originatorIsClient} tells whether the control
   * connection's client opens it (passive mode) or the server does (active mode). A null {@code
   * address} means the responder's address on the control connection.
   */
  void dataConnectionAnnounced(byte[] address, int port, boolean originatorIsClient);

  /** The longest user name kept; longer names are cut. */
  int maxUserChars();
}
