/**
 * One running node ({@link dev.faxgate.node.FaxgateNode}): its Vert.x instance, clustered over
 * Hazelcast or not, with its meters and event-loop lag probe, then the result sink, the media
 * plane, the session manager and the HTTP control API, started in that order. Closing ends every
 * open session (FAILED/HANGUP, each with its completion event), then closes the result sink,
 * then Vert.x.
 *
 * <p>Layer: service (Vert.x). Imports {@code config}, {@code control}, {@code media},
 * {@code metrics} and {@code session}; never the tools.
 */
package dev.faxgate.node;
