import Foundation

/// CPU time (user + system) used so far, in microseconds, from `getrusage`: the benchmarks' measure
/// of cost, which unlike wall time does not depend on what else the cores were doing.
public enum CPUTime {
    /// Every thread of this process.
    public static func process() -> Double { microseconds(RUSAGE_SELF.rawValue) }

    /// The calling thread only (Linux's RUSAGE_THREAD).
    public static func thread() -> Double { microseconds(1) }

    private static func microseconds(_ who: Int32) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(who), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
