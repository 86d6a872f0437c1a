package dev.vllmscan.sdk.plugin;

import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.ConnectReq;
import dev.vllmscan.proto.providers.ConnectRes;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.proto.providers.StoreReq;

/** What a provider does, free of gRPC: the plugin runtime adapts it to ProviderPlugin. */
public interface Provider {
  /** The connector this provider serves (e.g. {@code vllm}); its process calls itself {@code <name>-provider}. */
  String name();

  Asset parseCli(ParseCLIReq req);

  ConnectRes connect(ConnectReq req);

  void disconnect(int connection);

  void shutdown();

  DataRes getData(DataReq req);

  /**
   * The answer to a field read when it is already in memory (a static field, a value computed before), else null.
   * Such answers are sent from the transport thread; anything that might wait on the network is not.
   */
  default DataRes answerFromMemory(DataReq req) {
    return null;
  }

  void storeData(StoreReq req);

  /**
   * A head start from vllmscan's own launcher (see {@link PrestartListener}): the ParseCLI request it is about to send,
   * received before the gRPC calls. A provider may prepare what Connect will need, but contacts no target before
   * {@link #begin}; it must come to the same answers without either.
   */
  default void prepare(ParseCLIReq req) {}

  /** The launcher's go-ahead after {@link #prepare}: the target may now be contacted. */
  default void begin() {}
}
