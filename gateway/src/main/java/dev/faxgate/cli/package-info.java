/**
 * The launcher: {@link dev.faxgate.cli.FaxgateCommand} (picocli) with {@code run} (a node) and
 * {@code version}, and the developer commands it lists from {@code dev.faxgate.tools}
 * ({@code relay}, {@code gateway}, {@code modem-tx}, {@code modem-rx}) and
 * {@code dev.faxgate.bench} (the {@code bench-*} commands). {@code ./faxgate} runs it from
 * {@code gateway/target/faxgate.jar}.
 *
 * <p>Layer: service. The only package that may import the tools ({@code bench}, {@code tools});
 * it also imports {@code config}, {@code node} and {@code results}. Nothing imports it.
 */
package dev.faxgate.cli;
