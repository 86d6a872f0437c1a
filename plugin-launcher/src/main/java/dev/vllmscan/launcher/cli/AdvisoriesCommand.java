package dev.vllmscan.launcher.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vllmscan.launcher.advisories.AdvisoryImport;
import dev.vllmscan.launcher.text.SafeText;
import dev.vllmscan.provider.advisory.Advisory;
import dev.vllmscan.provider.advisory.AdvisoryDatabase;
import dev.vllmscan.provider.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "advisories", mixinStandardHelpOptions = true, description = "Known vLLM vulnerabilities (OSV): list them, refresh them.",
    subcommands = {AdvisoriesCommand.ListCommand.class, AdvisoriesCommand.Update.class})
final class AdvisoriesCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "advisories needs a subcommand: list or update");
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Advisories in the data the scanner uses (bundled, or a newer store from `advisories update`), or those whose range holds --version.")
  static final class ListCommand implements Callable<Integer> {
    @Option(names = "--version", description = "A vLLM version (PEP 440), e.g. 0.8.5.post1") String version;
    @Option(names = {"-o", "--output"}, defaultValue = "human", description = "human or json") String output;
    @Option(names = "--store", description = "Read this store instead of the data the scanner uses") Path store;

    @Override
    public Integer call() throws IOException {
      if (!output.equals("human") && !output.equals("json")) throw new UsageException("--output must be human or json");
      AdvisoryDatabase db = store == null ? AdvisoryDatabase.current() : AdvisoryDatabase.readStore(store);
      if (db == null) throw new UsageException(store + " is not a readable advisory store");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Advisory a : db.advisories()) {
        Verdict in = version == null ? Verdict.yes() : a.affects(version);
        if (in.isNo()) continue;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", a.id());
        row.put("severity", a.severity());
        row.put("cvss", a.cvss());
        row.put("affected", a.affected());
        row.put("fixedIn", a.fixedIn());
        row.put("surface", a.surface());
        row.put("observable", a.observable());
        if (version != null) row.put("versionAffected", in.isUnknown() ? "unknown: " + in.reason() : true);
        row.put("summary", a.summary());
        row.put("url", a.url());
        rows.add(row);
      }
      if (output.equals("json")) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", db.origin());
        out.put("dataDate", db.dataDate());
        out.put("version", version);
        out.put("advisories", rows);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        return Main.EXIT_OK;
      }
      System.out.println("advisory data: " + db.origin() + ", " + db.advisories().size() + " advisories, newest " + db.dataDate());
      for (Map<String, Object> r : rows) {
        System.out.printf("%-20s %-8s %-5s %-24s fixed in %-10s %s%n", r.get("id"), r.get("severity"),
            r.get("cvss") == null ? "-" : r.get("cvss"), SafeText.of(String.valueOf(r.get("affected")), 24),
            r.get("fixedIn"), SafeText.of(String.valueOf(r.get("summary")), 80));
      }
      System.out.println(rows.size() + (version == null ? " advisories" : " advisories whose range holds (or may hold) " + version));
      return Main.EXIT_OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Read OSV documents (a .json, a directory, an OSV .zip export, or an http(s) URL to one) and store the vllm ones; no network unless --from is a URL.")
  static final class Update implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "FILE, DIR or URL") String from;
    @Option(names = "--store", description = "Where to store them (default: $XDG_DATA_HOME/vllmscan/advisories or ~/.local/share/vllmscan/advisories)") Path store;

    @Override
    public Integer call() throws IOException {
      AdvisoryImport.Result r = new AdvisoryImport().run(from, store != null ? store : AdvisoryDatabase.userStore());
      System.out.println("read " + r.read() + " documents, kept " + r.kept() + " for PyPI vllm (" + r.added() + " new); "
          + "stored in " + r.store() + "; data date " + r.dataDate());
      return Main.EXIT_OK;
    }
  }
}
