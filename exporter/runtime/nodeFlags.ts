/**
 * The node flags `launchday serve` is shipped with (Dockerfile, `npm start`) and that the benchmarks, the
 * soak and the chaos suite start it with, so they measure the exporter as it runs.
 *
 * A 2 MB semi-space (V8's default grows to 16 MB): ingestion makes little garbage per request, so with the
 * default young generation a scavenge comes seldom, and each request's socket read buffers (~68 KB of
 * memory outside the heap, freed only when their wrappers are collected) pile up between scavenges. In
 * bench:ingest at 1M sessions (load 0.8-1.9, one run each): RSS growth 105.0 and 113.0 B/session with the
 * default, 84.0 / 87.8 / 88.6 / 97.5 with 2 / 4 / 4 / 8 MB; events per server CPU-second 510-538k default,
 * 555-569k at 4 MB; p99 15-17 ms either way. With logins read from their bytes too (session 6), 4 MB
 * read 93.4-100.4 B/session, at the target's edge, and 2 MB 76.8-86.8 (bench:ingest, alternating, load
 * 1.4-2.8), at the same events per server CPU-second: 2 MB against 4 MB, both servers at once
 * (ingestProfile ab, mixed, both orders, load 1.8-2.3), 0.955 / 0.991 / 0.983 and 1 / 0.978, 1.002, 0.991.
 */
export const EXPORTER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
