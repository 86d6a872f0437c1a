package dev.vllmscan.launcher.cli;

import dev.vllmscan.contract.Contract;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vllmscan.launcher.advisories.AdvisoryImport;
import dev.vllmscan.launcher.advisories.ImportFailure;
import dev.vllmscan.launcher.text.SafeText;
import dev.vllmscan.provider.api.advisory.Advisory;
import dev.vllmscan.provider.api.advisory.AdvisoryDatabase;
import dev.vllmscan.provider.api.advisory.AdvisoryStore;
import dev.vllmscan.provider.api.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
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

  // Its own --version (a vLLM version) would shadow the standard options' --version, and picocli then drops --help
  // with them: so --help is declared here.
  @Command(name = "list",
      description = "Advisories the scanner uses (the bundled set, with your store from `advisories update` laid over it by id) and where each came from, or those whose range holds --version.")
  static final class ListCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.") boolean help;
    @Option(names = "--version", description = "A vLLM version (PEP 440), e.g. 0.8.5.post1") String version;
    @Option(names = {"-o", "--output"}, defaultValue = "human", description = "human or json") String output;
    @Option(names = "--store", description = "Read this store instead of the data the scanner uses") Path store;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!output.equals("human") && !output.equals("json")) throw new UsageException("--output must be human or json");
      PrintStream stdout = Streams.of(spec).out();
      AdvisoryDatabase db;
      if (store == null) {
        db = AdvisoryDatabase.load(AdvisoryDatabase.userStore());
        if (db.storeProblem() != null) Streams.of(spec).err().println("vllmscan: warning: " + SafeText.of(db.storeProblem()));
      } else {
        try {
          db = AdvisoryDatabase.readStore(store.toAbsolutePath().normalize());
        } catch (AdvisoryStore.Unreadable e) {
          throw new UsageException("advisories list --store " + store + ": " + e.getMessage());
        }
      }
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
        if (version != null) row.put("versionAffected", in.isUnknown() ? Contract.UNKNOWN + in.reason() : true);
        row.put("summary", a.summary());
        row.put("url", a.url());
        row.put("modified", a.modified());
        row.put("source", db.source(a.id()));
        rows.add(row);
      }
      AdvisoryStore.Contents st = db.store();
      if (output.equals("json")) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", db.origin());
        out.put("dataDate", db.dataDate());
        if (st != null) {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("path", st.dir().toString());
          s.put("imported", st.imported());
          s.put("from", st.source());
          s.put("documents", st.advisories().size());
          out.put("store", s);
        }
        out.put("withdrawn", db.withdrawn());
        out.put("version", version);
        out.put("advisories", rows);
        stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        return Main.EXIT_OK;
      }
      // Every field may come from an imported document: each is neutralised before it reaches the terminal.
      stdout.println("advisory data: " + SafeText.of(db.origin()) + ", " + db.advisories().size() + " advisories, newest "
          + SafeText.of(db.dataDate()));
      if (st != null) {
        stdout.println("store: " + SafeText.of(st.dir().toString()) + ", imported " + SafeText.of(st.imported()) + " from "
            + SafeText.of(st.source()) + ", " + st.advisories().size() + " documents");
      }
      if (!db.withdrawn().isEmpty()) stdout.println("withdrawn by the store: " + SafeText.of(String.join(", ", db.withdrawn())));
      for (Map<String, Object> r : rows) {
        stdout.printf("%-20s %-8s %-5s %-24s fixed in %-10s %-8s %s%n", SafeText.of(String.valueOf(r.get("id")), 40),
            SafeText.of(String.valueOf(r.get("severity")), 12), r.get("cvss") == null ? "-" : r.get("cvss"),
            SafeText.of(String.valueOf(r.get("affected")), 24), SafeText.of(String.valueOf(r.get("fixedIn")), 24),
            SafeText.of(String.valueOf(r.get("source")), 60), SafeText.of(String.valueOf(r.get("summary")), 80));
      }
      stdout.println(rows.size() + (version == null ? " advisories" : " advisories whose range holds (or may hold) "
          + SafeText.of(version, 40)));
      return Main.EXIT_OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Read OSV documents (a .json, a directory, an OSV .zip export, or an http(s) URL to one) and store the vllm ones; no network unless --from is a URL.")
  static final class Update implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "FILE, DIR or URL") String from;
    @Option(names = "--store", description = "Where to store them (default: $XDG_DATA_HOME/vllmscan/advisories or ~/.local/share/vllmscan/advisories)") Path store;

    @Option(names = "--timeout", defaultValue = "120", description = "Longest a download from --from URL may take, in seconds (default: ${DEFAULT-VALUE})")
    int timeout;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (timeout <= 0) throw new UsageException("--timeout must be a positive number of seconds");
      AdvisoryImport.Result r;
      try {
        r = new AdvisoryImport(Duration.ofSeconds(timeout)).run(from, store != null ? store : AdvisoryDatabase.userStore());
      } catch (ImportFailure e) {
        Streams.of(spec).err().println("vllmscan: advisories update: " + SafeText.of(e.getMessage()));
        return e.remote() ? Main.EXIT_TARGET : Main.EXIT_USAGE;
      }
      Streams.of(spec).out().println("read " + r.read() + " documents, kept " + r.kept() + " for PyPI vllm (" + r.added() + " new, "
          + r.updated() + " updated, " + r.notNewer() + " not newer than the stored ones); stored in " + r.store()
          + "; data date " + r.dataDate() + "; the scanner uses them over the bundled advisories");
      return Main.EXIT_OK;
    }
  }
}
