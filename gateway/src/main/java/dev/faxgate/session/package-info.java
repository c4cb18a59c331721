/**
 * Sessions and their lifecycle: {@link dev.faxgate.session.SessionManagerVerticle} creates,
 * answers for and ends this node's sessions on the event bus (one consumer per session on
 * {@code faxopt.<sessionId>}), publishes their events ({@link dev.faxgate.session.SessionEvents})
 * and hands each completion event to a {@link dev.faxgate.session.ResultSink};
 * {@link dev.faxgate.session.Session} is one session's control state. See docs/api.md.
 *
 * <p>Layer: service (Vert.x). Imports {@code config}, {@code media}, {@code metrics} and the
 * FAXOPT contract ({@code dev.faxgate.faxopt}); never the tools.
 */
package dev.faxgate.session;
