/**
 * No code: the server's container image is {@code monitor-server} and its runtime dependencies, without the
 * optional embedded broker (see this module's README.md). This file exists because Jib containerizes a module's
 * {@code target/classes}, which Maven creates only for a module with a source file.
 */
package eu.atmosphere.tmaf.monitor.server.image;
