package dev.vllmscan.launcher.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.launcher.conformance.ConformanceSuite;
import dev.vllmscan.launcher.host.Installer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.vllmscan.launcher.scan.ProviderWarmup;

@Command(name = "providers", mixinStandardHelpOptions = true, description = "Install the vllm provider, or test any provider against the protocol.",
    subcommands = {ProvidersCommand.Install.class, ProvidersCommand.Test.class})
final class ProvidersCommand {
  @Command(name = "install", mixinStandardHelpOptions = true, description = "Lay out <dir>/vllm/{vllm, vllm.json, vllm.resources.json, vllm-provider.jar}.")
  static final class Install implements Callable<Integer> {
    @Option(names = "--dir", description = "Providers root (default: $PROVIDERS_PATH, else ~/.config/mondoo/providers)") Path dir;
    @Option(names = "--no-cds", description = "Skip building the class-data-sharing archive that speeds up the provider's start") boolean noCds;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Path root = dir;
      if (root == null) {
        String env = System.getenv("PROVIDERS_PATH");
        root = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".config", "mondoo", "providers");
      }
      Path installed = Installer.install(root, Installer.builtJar());
      PrintStream out = Streams.of(spec).out();
      out.println("installed the vllm provider in " + installed);
      if (!noCds) {
        Path archive = ProviderWarmup.buildArchive(installed);
        out.println(archive == null ? "no class-data archive: this JVM could not write one (the provider starts without it)"
            : "wrote the provider's class-data archive " + archive.getFileName() + " (faster provider start)");
        if ("1".equals(System.getenv(TRAIN_LAUNCHER_ENV))) {
          try {
            trainScanCommand(installed);
          } catch (RuntimeException e) {
            // Training only: the archive is still made from what this run loaded, and the install stands.
          }
        }
      }
      return Main.EXIT_OK;
    }

    /**
     * Set by the vllmscan script on the run that makes this JVM's own start-up archive: what that archive holds is
     * what this run loads, and the provider's training scan above does not go through the command line.
     */
    static final String TRAIN_LAUNCHER_ENV = "VLLMSCAN_TRAIN_LAUNCHER";

    /**
     * One {@code scan} of the emulator through the command line (loopback, side ports off, output discarded), so the
     * archive also holds the scan command's own classes: its options, picocli's model of it, the report writers.
     * Returns the scan's exit code (1: the emulated stock server fails checks, as it should).
     */
    static int trainScanCommand(Path providerDir) {
      PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
      try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
        return Main.run(discard, discard, "scan", "vllm", e.url(), "--provider", providerDir.toString(), "--no-side-ports");
      }
    }
  }

  @Command(name = "test", mixinStandardHelpOptions = true, description = "Run the provider conformance suite against a provider directory or binary.")
  static final class Test implements Callable<Integer> {
    @Parameters(index = "0", description = "Provider directory (with <name>.json) or its binary") Path provider;
    @Option(names = "--target", description = "URL the Connect/GetData checks use (default: an emulated vLLM on loopback)") String target;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return new ConformanceSuite(provider, target, Streams.of(spec).out()).run() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
  }
}
