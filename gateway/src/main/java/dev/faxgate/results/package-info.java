/**
 * The results pipeline: completion events go into a durable append-only
 * {@link dev.faxgate.results.Outbox} (CRC32C per record, fsynced), then to Kafka through
 * {@link dev.faxgate.results.KafkaResultSink}, and leave the outbox only once Kafka acknowledged
 * them; {@link dev.faxgate.results.EmbeddedKafka} runs a broker in-process when none is
 * configured. The guarantee: docs/operations.md.
 *
 * <p>Layer: service (Vert.x, Kafka). Imports {@code config}, {@code metrics}, {@code session}
 * (it implements {@code ResultSink}) and the FAXOPT contract; never the tools.
 */
package dev.faxgate.results;
