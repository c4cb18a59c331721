/**
 * The node's media plane: {@link dev.faxgate.media.MediaPlane} deploys pairs of a
 * {@link dev.faxgate.media.MediaIoVerticle} (the sessions' UDP sockets as non-blocking NIO
 * channels, the 20 ms media clock), a {@link dev.faxgate.media.ProcessingVerticle} (the
 * sessions' media processors, made by {@link dev.faxgate.media.ProcessorFactory}) and a
 * {@link dev.faxgate.media.DetectionVerticle} (the fax tone detectors); once per tick one
 * {@link dev.faxgate.media.MediaBatch} crosses the local event bus between partners, by reference
 * ({@link dev.faxgate.media.LocalCodec}). What the session side must know arrives there as
 * {@link dev.faxgate.media.MediaEvent}s. See docs/gateway.md and docs/architecture.md.
 *
 * <p>Layer: service (Vert.x). Imports {@code config}, {@code metrics}, the FAXOPT contract
 * ({@code dev.faxgate.faxopt}) and the fax stack it drives ({@code relay}, {@code gateway},
 * {@code rtp}, {@code t30}, {@code udptl}); never the tools.
 */
package dev.faxgate.media;
