/**
 * A UDP impairment proxy for loopback tests and benchmarks: {@link dev.faxgate.tools.impair.ImpairmentProxy}
 * sits between two endpoints and, per direction ({@link dev.faxgate.tools.impair.Impairment}), drops
 * datagrams independently or in bursts ({@link dev.faxgate.tools.impair.GilbertElliott}), delays them by
 * uniform or normal jitter with or without reordering, and duplicates them. Every decision comes from a
 * seed ({@link dev.faxgate.tools.impair.ImpairmentPath}): the same seed gives the same decisions for the
 * same sequence of datagrams. Used by {@code faxgate bench-impairment} and ImpairedFaxIT; docs/impairment.md.
 *
 * <p>Layer: tools. Plain Java (java.net); imports nothing from the service or the fax stack.
 */
package dev.faxgate.tools.impair;
