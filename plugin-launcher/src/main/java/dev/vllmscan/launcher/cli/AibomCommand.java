package dev.vllmscan.launcher.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.vllmscan.launcher.report.Renderers;

/** {@code vllmscan aibom vllm URL}: the AI bill of materials alone, as {@code cnspec aibom} gives one. */
@Command(name = "aibom", mixinStandardHelpOptions = true,
    description = "AI bill of materials of a vLLM server (or a fleet): CycloneDX 1.6 JSON with the server, its API,"
        + " the models and adapters it serves and the advisories matched to its version. Short for `scan -o cyclonedx`;"
        + " exits 0 when every target was read, 3 otherwise.")
final class AibomCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", description = "Connector (vllm)") String connector;
  @Parameters(index = "1", arity = "0..1", description = "Target URL, e.g. http://localhost:8000") String url;
  @Option(names = {"--output-file", "--output-target"}, description = "Write the BOM to this local file instead of stdout") String outputTarget;
  @Option(names = "--inventory-file", description = "YAML list of targets: one BOM with every target") Path inventoryFile;
  @Option(names = {"--concurrency", "--parallelism"}, defaultValue = "16", description = "Fleet targets scanned at once (default: ${DEFAULT-VALUE})") int concurrency;
  @Option(names = "--asset-name", description = "Name the target in the BOM (single target)") String assetName;
  @Mixin TargetOptions target = new TargetOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ScanCommand scan = new ScanCommand();
    scan.spec = spec;
    scan.connector = connector;
    scan.url = url;
    scan.output = Renderers.CYCLONEDX;
    scan.outputTarget = outputTarget;
    scan.inventoryFile = inventoryFile;
    scan.concurrency = concurrency;
    scan.assetName = assetName;
    scan.bundles = new ArrayList<>(List.of());
    scan.target = target;
    scan.bomOnly = true;
    return scan.call();
  }
}
