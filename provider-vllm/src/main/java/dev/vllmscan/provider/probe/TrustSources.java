package dev.vllmscan.provider.probe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a scan trusts, in order: {@code --ca-cert FILE} (connector option {@code ca-cert}),
 * then {@code SSL_CERT_FILE} / {@code SSL_CERT_DIR} (PEM, as Go, OpenSSL, curl and Python read them), then the JDK's
 * trust store. A chain is trusted when one source verifies it, and the report names the first that did, so a private
 * CA scans like a public one without {@code --insecure} or JVM trust-store flags.
 *
 * <p>A CA file the user named that is missing, empty or holds no PEM certificate is refused with its name (the
 * caller turns that into a usage error before any request): ignoring it would scan with a trust the user did not ask
 * for.
 */
public final class TrustSources {
  /** One named set of trust anchors. */
  public record Source(String name, X509TrustManager manager) {}

  /** A CA file or directory the user named cannot be used; the message names it and says why. */
  public static final class BadTrustSource extends RuntimeException {
    BadTrustSource(String message) {
      super(message, null, false, false);
    }
  }

  public static final String JDK = "the JDK trust store";
  /** A CA bundle larger than this is refused (a system bundle is ~200 KB): reading stays bounded. */
  static final long MAX_BYTES = 16L << 20;
  /** Files read from one SSL_CERT_DIR directory at most (OpenSSL's hashed links point at the same few hundred). */
  static final int MAX_DIR_FILES = 5000;
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");
  private static final Map<String, TrustSources> LOADED = new ConcurrentHashMap<>();

  private final List<Source> sources;

  private TrustSources(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * The sources for a target, loaded once per process for the same inputs (a fleet shares them). {@code env} looks up
   * environment variables; the environment's CA settings are read only when {@code https} (a plain-http scan never
   * handshakes), {@code caCert} always, since the user named it.
   */
  public static TrustSources load(String caCert, boolean https, UnaryOperator<String> env) {
    String file = https ? blankToNull(env.apply("SSL_CERT_FILE")) : null;
    String dir = https ? blankToNull(env.apply("SSL_CERT_DIR")) : null;
    String ca = blankToNull(caCert);
    String key = ca + "\u0000" + file + "\u0000" + dir;
    TrustSources cached = LOADED.get(key);
    if (cached != null) return cached;
    List<Source> sources = new ArrayList<>();
    if (ca != null) sources.add(new Source("--ca-cert " + ca, managerFor(readFile(Path.of(ca), "--ca-cert " + ca))));
    if (file != null) {
      sources.add(new Source("SSL_CERT_FILE " + file, managerFor(readFile(Path.of(file), "SSL_CERT_FILE=" + file))));
    }
    if (dir != null) sources.add(new Source("SSL_CERT_DIR " + dir, managerFor(readDirs(dir))));
    if (https) sources.add(new Source(JDK, null));
    TrustSources loaded = new TrustSources(sources);
    LOADED.put(key, loaded);
    return loaded;
  }

  /** Only the JDK's store: what a scan trusts when nothing else was configured. */
  public boolean jdkOnly() {
    return sources.size() == 1 && sources.get(0).name().equals(JDK);
  }

  public List<String> names() {
    return sources.stream().map(Source::name).toList();
  }

  /**
   * The name of the first source that verifies {@code chain}; throws when none does (the exception of the JDK's
   * store, or of the last source tried).
   */
  public String verify(X509Certificate[] chain, String authType) throws CertificateException {
    CertificateException last = null;
    for (Source s : sources) {
      X509TrustManager m = s.manager() != null ? s.manager() : Jdk.MANAGER;
      if (m == null) {
        last = new CertificateException("the JDK trust store could not be loaded");
        continue;
      }
      try {
        m.checkServerTrusted(chain, authType);
        return s.name();
      } catch (CertificateException e) {
        last = e;
      }
    }
    throw last != null ? last : new CertificateException("no trust source configured");
  }

  /** A trust manager for the HTTP client that accepts a chain any source verifies. */
  public X509TrustManager trustManager() {
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the scanner does not accept client connections");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        List<X509Certificate> all = new ArrayList<>();
        for (Source s : sources) {
          X509TrustManager m = s.manager() != null ? s.manager() : Jdk.MANAGER;
          if (m != null) all.addAll(List.of(m.getAcceptedIssuers()));
        }
        return all.toArray(new X509Certificate[0]);
      }
    };
  }

  // --- reading PEM -----------------------------------------------------------------------------

  private static List<X509Certificate> readFile(Path p, String label) {
    if (!Files.exists(p)) throw new BadTrustSource(label + ": no such file");
    if (!Files.isRegularFile(p)) throw new BadTrustSource(label + ": not a regular file");
    try {
      long size = Files.size(p);
      if (size == 0) throw new BadTrustSource(label + ": the file is empty; expected PEM certificates");
      if (size > MAX_BYTES) throw new BadTrustSource(label + ": larger than " + (MAX_BYTES >> 20) + " MiB; not a CA bundle");
      List<X509Certificate> certs = parsePem(Files.readAllBytes(p), label);
      if (certs.isEmpty()) {
        throw new BadTrustSource(label + ": no PEM certificate in it (expected -----BEGIN CERTIFICATE----- blocks)");
      }
      return certs;
    } catch (IOException e) {
      throw new BadTrustSource(label + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** SSL_CERT_DIR: colon-separated directories; every file with PEM certificates counts, others are skipped. */
  private static List<X509Certificate> readDirs(String dirs) {
    List<X509Certificate> certs = new ArrayList<>();
    for (String d : dirs.split(":")) {
      if (d.isBlank()) continue;
      Path dir = Path.of(d);
      if (!Files.isDirectory(dir)) throw new BadTrustSource("SSL_CERT_DIR=" + dirs + ": " + d + " is not a directory");
      int seen = 0;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          if (++seen > MAX_DIR_FILES) break;
          if (!Files.isRegularFile(f) || Files.size(f) == 0 || Files.size(f) > MAX_BYTES) continue;
          try {
            certs.addAll(parsePem(Files.readAllBytes(f), "SSL_CERT_DIR file " + f));
          } catch (BadTrustSource e) {
            // a directory of CA files may hold other files (OpenSSL's CRLs, READMEs): skipped, as OpenSSL does
          }
        }
      } catch (IOException e) {
        throw new BadTrustSource("SSL_CERT_DIR=" + dirs + ": " + d + " cannot be read (" + e.getMessage() + ")");
      }
    }
    if (certs.isEmpty()) throw new BadTrustSource("SSL_CERT_DIR=" + dirs + ": no PEM certificate in it");
    return certs;
  }

  static List<X509Certificate> parsePem(byte[] bytes, String label) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new BadTrustSource(label + ": certificate " + (out.size() + 1) + " in it cannot be read");
    }
    return out;
  }

  private static X509TrustManager managerFor(List<X509Certificate> anchors) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : anchors) ks.setCertificateEntry("ca-" + i++, c);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return x509(tmf.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust manager", e);
    }
  }

  private static X509TrustManager x509(TrustManager[] managers) {
    for (TrustManager t : managers) {
      if (t instanceof X509TrustManager x) return x;
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The JDK's trust store, loaded once and only when a chain is checked against it (parsing it costs tens of ms). */
  private static final class Jdk {
    static final X509TrustManager MANAGER = load();

    private static X509TrustManager load() {
      try {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return x509(tmf.getTrustManagers());
      } catch (GeneralSecurityException e) {
        return null; // fail closed: verify() then trusts nothing from this source
      }
    }
  }
}
