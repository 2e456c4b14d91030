#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import KomfyRuntime
import Synchronization

/// Open-loop load at a fixed rate, the way wrk2 measures (Debian has no wrk2): each of `connections`
/// threads owns one keep-alive connection and a schedule, request k due at start + k × period; it
/// sends at the due time, or at once when it is behind, and a request's latency runs from its due
/// time to its answer. A server that stalls therefore shows the stall in the latency of every
/// request that should have been sent meanwhile, instead of hiding it by sending fewer (the
/// coordinated omission of closed-loop tools such as wrk).
///
/// Limits: one request in flight per connection (HTTP/1.1 without pipelining), so a rate above
/// connections / latency cannot be offered and shows as an achieved rate below the target; the
/// threads share the machine's cores with the server, like wrk does; sleeps wake within tens of
/// microseconds of the due time.
struct ConstantRateLoad {
    var connections: Int
    /// Requests per second over all connections.
    var rate: Double
    var acceptedStatus: Int

    private struct Tally {
        var latencies: [Double] = []
        var accepted = 0
        var errors = 0
    }

    /// The threads' tallies, merged as each finishes.
    private final class Totals: Sendable {
        let tally = Mutex(Tally())
    }

    /// Runs the load from a child process (`komfy bench rate-load`), as wrk runs in its own: the
    /// generator's threads then share the cores with the server, but not its process (allocator,
    /// runtime), and the server process's CPU time is the server's alone.
    func run(_ target: LoadTarget, seconds: Double) async throws -> LoadResult {
        let arguments = ["bench", "rate-load", "--port", String(target.port), "--rate", String(rate),
                         "--connections", String(connections), "--seconds", String(seconds),
                         "--accepted-status", String(acceptedStatus)]
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let run = try await CommandRunner.run(executable, arguments, input: Data(target.wireRequest))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = LoadResult.nonConformingFloats.decoding
        guard run.status == 0, let line = run.output.split(separator: "\n").last,
              let result = try? decoder.decode(LoadResult.self, from: Data(line.utf8)) else {
            throw BenchError("the load generator (komfy bench rate-load) failed:\n\(run.output.suffix(1000))")
        }
        return result
    }

    /// Runs the load in this process; `request` is the raw HTTP request every connection sends.
    func measure(request: [UInt8], port: Int, seconds: Double) -> LoadResult {
        let period = UInt64(Double(connections) / rate * 1e9)
        let start = Self.now() + 50_000_000  // every thread is waiting before the first request is due
        let end = start + UInt64(seconds * 1e9)
        let totals = Totals()
        let done = DispatchGroup()
        for index in 0..<connections {
            done.enter()
            // Connections are spread over the period so the load arrives evenly, not in bursts.
            let first = start + period * UInt64(index) / UInt64(connections)
            let thread = Thread { [acceptedStatus] in
                let tally = Self.drive(port: port, request: request, first: first, period: period, end: end,
                                       acceptedStatus: acceptedStatus)
                totals.tally.withLock { total in
                    total.latencies += tally.latencies
                    total.accepted += tally.accepted
                    total.errors += tally.errors
                }
                done.leave()
            }
            thread.start()
        }
        done.wait()
        let tally = totals.tally.withLock { $0 }
        let sorted = tally.latencies.sorted()
        return LoadResult(requests: tally.accepted + tally.errors, seconds: seconds, p50: Percentile.of(sorted, 0.50),
                          p99: Percentile.of(sorted, 0.99), accepted: tally.accepted, errors: tally.errors)
    }

    private static func drive(port: Int, request: [UInt8], first: UInt64, period: UInt64, end: UInt64,
                              acceptedStatus: Int) -> Tally {
        let connection = LoopbackHTTPConnection(port: port)
        var tally = Tally()
        tally.latencies.reserveCapacity(Int((end - first) / max(period, 1)) + 1)
        var due = first
        while due < end {
            sleep(until: due)
            let status = (try? connection.send(request).status) ?? 0
            tally.latencies.append(Double(now() - due) / 1e6)
            if status == acceptedStatus { tally.accepted += 1 } else { tally.errors += 1 }
            due += period
        }
        return tally
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    private static func sleep(until deadline: UInt64) {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time, nil) == EINTR {}
    }
}

