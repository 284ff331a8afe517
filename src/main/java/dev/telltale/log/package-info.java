/**
 * The access log and the {@code upstream_error} log: structured lines written off the event loop.
 *
 * <p>Threading: handlers build an immutable record ({@link dev.telltale.log.AccessRecord},
 * {@link dev.telltale.log.UpstreamErrorRecord}) and hand it to {@link dev.telltale.log.AccessLog} or
 * {@link dev.telltale.log.ErrorLog}, which only queue it. Each log has one writer thread that encodes
 * (JSON with jackson-core, or nginx-compatible text) and writes in batches. A full queue drops and
 * counts; nothing here ever blocks or does I/O on the caller's thread.
 *
 * <p>The process's own operational messages go through SLF4J and Logback ({@link dev.telltale.log.OperationalLogging});
 * these per-request lines deliberately do not (see {@link dev.telltale.log.AccessLog}).
 */
package dev.telltale.log;
