package dev.nsm.decode;

/**
 * Connections announced in advance on another channel, such as FTP data connections negotiated by
 * PASV, EPSV, PORT or EPRT. Like Zeek, nsm does not treat them as connection attempts of their own:
 * a passive FTP transfer is not a connection to an unusual port.
 */
public interface ExpectedConnections {

  /** Nothing is ever expected. */
  ExpectedConnections NONE = syn -> false;

  /**
   * Whether the connection this SYN opens was announced; an announcement is used up by the
   * connection it announced.
   */
  boolean claim(PacketView syn);
}
