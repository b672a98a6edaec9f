/**
 * The node flags `launchday serve` is shipped with (Dockerfile, `npm start`) and that the benchmarks, the
 * soak and the chaos suite start it with, so they measure the exporter as it runs.
 *
 * A 4 MB semi-space (V8's default grows to 16 MB): ingestion makes little garbage per request, so with the
 * default young generation a scavenge comes seldom, and each request's socket read buffers (~68 KB of
 * memory outside the heap, freed only when their wrappers are collected) pile up between scavenges. In
 * bench:ingest at 1M sessions (load 0.8-1.9, one run each): RSS growth 105.0 and 113.0 B/session with the
 * default, 84.0 / 87.8 / 88.6 / 97.5 with 2 / 4 / 4 / 8 MB; events per server CPU-second 510-538k default,
 * 555-569k at 4 MB; p99 15-17 ms either way.
 */
export const EXPORTER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
