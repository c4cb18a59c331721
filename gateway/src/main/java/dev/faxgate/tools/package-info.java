/**
 * Developer commands: {@code modem-tx}/{@code modem-rx} ({@link dev.faxgate.tools.ModemCommand},
 * offline modems on faxpeer's files), {@code faxgate gateway}
 * ({@link dev.faxgate.tools.GatewayCommand}) and {@code faxgate relay}
 * ({@link dev.faxgate.tools.RelayCommand}), each one session without the control API on a
 * {@link dev.faxgate.tools.OneSessionNode}. See docs/gateway.md and docs/modems.md.
 *
 * <p>Layer: tools. Imports the service and the fax stack ({@code config}, {@code node},
 * {@code session}, {@code hdlc}, {@code modem}, the FAXOPT contract), never {@code bench} or
 * {@code cli}; only {@code cli} imports it.
 */
package dev.faxgate.tools;
