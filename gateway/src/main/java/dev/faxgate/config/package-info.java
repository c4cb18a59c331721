/**
 * Configuration: every key once in {@link dev.faxgate.config.ConfigKey} (name, environment
 * variable, type, default, meaning), and {@link dev.faxgate.config.GatewayConfig}, which reads
 * defaults, then one JSON or YAML file, then {@code FAXGATE_*} variables, and refuses unknown keys
 * and bad values. README.md's configuration table documents every key (GatewayConfigTest checks
 * it).
 *
 * <p>Layer: service. Imports the FAXOPT contract ({@code dev.faxgate.faxopt}, for the
 * {@code faxopt.*} defaults) only; never the tools.
 */
package dev.faxgate.config;
