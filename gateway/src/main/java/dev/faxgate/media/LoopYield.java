package dev.faxgate.media;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * Goes on with work cut into slices after the event loop has done what came due meanwhile: its
 * timers and its sockets, not only the tasks already queued.
 *
 * <p>{@code context.runOnContext} does not yield that far: Netty's event loop moves the timers that
 * are due into its task queue once, at the start of a pass, then runs queued tasks until the queue
 * is empty, so a chain of slices each queueing the next runs to its end before any timer that came
 * due during it (the lag probe's, the media clock's, the socket poll's). Queued as a task due now
 * on the loop's scheduled queue instead, the next slice comes after the sockets were polled and
 * after every timer due before it. One scheduled task per slice, not per datagram; on the
 * context's own thread only.
 */
final class LoopYield {
  private final EventLoop loop;
  private final Runnable next;

  /** Runs {@code work} on {@code context} (an event-loop context) each time {@link #later} is called. */
  LoopYield(Context context, Handler<Void> work) {
    ContextInternal internal = (ContextInternal) context;
    this.loop = internal.nettyEventLoop();
    this.next = () -> internal.emit(work);
  }

  /** Runs the work once more, after the timers and sockets that are due. */
  void later() {
    loop.schedule(next, 0, TimeUnit.NANOSECONDS);
  }
}
