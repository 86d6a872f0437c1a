package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.Emulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "emulate", mixinStandardHelpOptions = true, description = "Serve an emulated vLLM on loopback until interrupted (to try shell, run and scan against).")
final class EmulateCommand implements Callable<Integer> {
  @Option(names = "--profile", defaultValue = "stock-0.29", description = "Emulator profile: ${COMPLETION-CANDIDATES}",
      completionCandidates = DemoCommand.Profiles.class) String profile;
  @Option(names = "--port", defaultValue = "8000", description = "Loopback port (default: ${DEFAULT-VALUE}; 0 picks a free one)") int port;
  @Spec CommandSpec spec;
  @Option(names = "--latency", defaultValue = "0", description = "Delay every answer by MS milliseconds, like a distant server (default: ${DEFAULT-VALUE})") int latency;

  @Override
  public Integer call() throws InterruptedException {
    if (latency < 0) throw new UsageException("--latency cannot be negative");
    Profile p = latency > 0 ? Profile.load(profile).withLatency(latency) : Profile.load(profile);
    Emulator emulator;
    try {
      emulator = Emulator.start(p, port);
    } catch (IllegalStateException e) {
      throw new UsageException(e.getMessage() + " (is port " + port + " in use? try --port 0)");
    }
    PrintStream out = Streams.of(spec).out();
    PrintStream err = Streams.of(spec).err();
    out.println("emulating " + p.description() + " at " + emulator.url()
        + (p.apiKey() == null ? "" : " (API key: " + p.apiKey() + ")") + "; Ctrl-C to stop");
    if (emulator.caCertificatePem() != null) {
      out.println("its certificate comes from a private CA: scan with --ca-cert " + CaFile.write(emulator.caCertificatePem())
          + " (or SSL_CERT_FILE=that file)");
    }
    if (!emulator.sidePorts().isEmpty()) {
      out.println("side ports beside the API: " + emulator.sidePorts().ports() + "; scan with --side-ports "
          + emulator.sidePorts().flagValue());
    }
    // emulate ends only with the process (Ctrl-C): its report of handlers that ran comes from a shutdown hook, on the
    // run's stderr.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      if (!emulator.invocations().isEmpty()) err.println("state-changing handlers ran: " + emulator.invocations());
    }));
    new CountDownLatch(1).await();
    return Main.EXIT_OK;
  }
}
