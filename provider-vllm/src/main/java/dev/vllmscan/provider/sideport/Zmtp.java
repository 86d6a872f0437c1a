package dev.vllmscan.provider.sideport;

/**
 * ZeroMQ's wire greeting (ZMTP 3, rfc.zeromq.org/spec/23): every peer opens with a 10-byte signature, 0xFF, eight
 * padding bytes, 0x7F, before it reads anything, so a listener identifies itself to a client that stays silent.
 */
public final class Zmtp {
  public static final int SIGNATURE_LENGTH = 10;

  private Zmtp() {}

  public static boolean isSignature(byte[] b) {
    return b.length >= SIGNATURE_LENGTH && (b[0] & 0xff) == 0xff && (b[9] & 0xff) == 0x7f;
  }
}
