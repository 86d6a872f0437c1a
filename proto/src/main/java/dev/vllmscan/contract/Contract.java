package dev.vllmscan.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the provider and its hosts agree on beyond the protobuf messages: the prefixes of field errors a host
 * interprets, the assessment scopes a report carries, and the version both report. Defined once here, in the
 * module both sides link, so the two sides cannot drift apart.
 */
public final class Contract {
  /** Prefix of a field error that means "not observed", as opposed to "failed": hosts treat it as unknown. */
  public static final String UNKNOWN = "unknown: ";
  /** Prefix of every posture field's error when the target cannot be judged at all. */
  public static final String NOT_ASSESSABLE = "target not assessable: ";

  /** Assessment scopes: all of the target was judged. */
  public static final String SCOPE_FULL = "full";
  /** Only what answers without a key was judged (an authentication wall, or no key supplied). */
  public static final String SCOPE_ANONYMOUS_SURFACE = "anonymous-surface";
  /** vLLM's gRPC frontend: its own checks apply, the HTTP ones do not. */
  public static final String SCOPE_GRPC_FRONTEND = "grpc-frontend";

  /** This build's version (the POM's, through a filtered resource). */
  public static final String VERSION = load();

  private Contract() {}

  private static String load() {
    try (InputStream in = Contract.class.getResourceAsStream("version.properties")) {
      if (in == null) throw new IllegalStateException("version.properties missing from the proto jar");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
