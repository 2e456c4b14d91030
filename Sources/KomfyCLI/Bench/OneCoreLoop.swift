import KomfyRuntime

/// Times a piece of pure code on one core: a warm-up of a fifth of `duration`, then `duration`,
/// running the body in batches so the clock is read rarely. Shared by the single-core benchmarks.
struct OneCoreLoop {
    var duration: Double

    struct Measurement {
        var runs: Int
        var elapsed: Duration

        var seconds: Double { elapsed.seconds }
        var microseconds: Double { seconds * 1e6 / Double(runs) }
        var perSecond: Double { Double(runs) / seconds }
    }

    func measure(_ body: () throws -> Void) rethrows -> Measurement {
        let clock = ContinuousClock()
        var last = Measurement(runs: 0, elapsed: .zero)
        for phase in [duration / 5, duration] {
            let end = clock.now + .milliseconds(Int64(phase * 1000))
            var runs = 0
            let start = clock.now
            while clock.now < end {
                for _ in 0..<64 { try body() }
                runs += 64
            }
            last = Measurement(runs: runs, elapsed: start.duration(to: clock.now))
        }
        return last
    }
}
